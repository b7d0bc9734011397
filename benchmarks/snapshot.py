"""Write every public answer (pages, API, exports) for a database to a folder.

Run before and after a refactor on the same database, then diff the folders:
    python -m benchmarks.snapshot --database var/snapshot.sqlite3 --build   # once
    python -m benchmarks.snapshot --database var/snapshot.sqlite3 --out before/
"""

import argparse
import hashlib
import os
import sys
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True, help="a DATABASE_URL")
    parser.add_argument("--build", action="store_true", help="migrate and fill it first")
    parser.add_argument("--out", help="the folder to write the answers to")
    args = parser.parse_args()
    os.environ.update(
        DATABASE_URL=args.database,
        DEBUG="0",
        SECRET_KEY="snapshot-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        TESTING="1",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        PAGE_CACHE="0",
        FRAGMENT_CACHE="0",
        API_ANON_RATE="",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if args.build:
        call_command("migrate", verbosity=0)
        call_command("import_profile", "data/seed/000_1ad2ebc84e302d88.txt", verbosity=0)
        call_command("generate_data", people=80, publications=600, seed=3, verbosity=0)
    if args.out:
        write_answers(Path(args.out))


def addresses():
    from profiles.models import Person, Topic
    from publications.models import Publication

    people = list(Person.objects.order_by("id"))
    members = [p for p in people if p.has_profile][:6]
    outsiders = [p for p in people if not p.has_profile][:3]
    topics = list(Topic.objects.order_by("id")[:3])
    publications = list(Publication.objects.order_by("id")[:5])
    with_doi = Publication.objects.exclude(doi=None).exclude(doi="").first()
    with_arxiv = Publication.objects.exclude(arxiv_id=None).exclude(arxiv_id="").first()
    years = sorted({p.year for p in Publication.objects.exclude(year=None)})[-2:]
    urls = ["/", "/?page=2", "/?q=learning", "/?membership=core", "/topics/", "/robots.txt"]
    urls += ["/sitemap.xml", "/sitemap-people.xml", "/sitemap-publications.xml"]
    urls += ["/publications/feed.atom", "/api/schema/", "/api/people/", "/api/topics/"]
    list_filters = [
        "",
        "page=2",
        "sort=oldest",
        "sort=title",
        "q=graph",
        "kind=article",
        "kind=nonsense",
        "year=abc",
        "author=nobody-at-all",
        *(f"year={y}" for y in years),
        *(f"topic={t.slug}" for t in topics),
        *(f"author={p.slug}" for p in members + outsiders),
        *(f"author={p.full_name}" for p in members[:3]),
        *(f"person={p.slug}" for p in members[:2]),
    ]
    for query in list_filters:
        urls.append(f"/publications/?{query}")
        for fmt in ("bib", "ris", "json"):
            urls.append(f"/publications/export.{fmt}?{query}")
    for person in members + outsiders:
        urls += [f"/people/{person.slug}/", f"/people/{person.slug}/publications.atom"]
        urls += [f"/people/{person.slug}/publications.{fmt}" for fmt in ("bib", "ris", "json")]
        urls += [f"/api/people/{person.slug}/", f"/api/people/{person.slug}/publications/"]
        urls += [f"/api/people/{person.slug}/publications/?format={f}" for f in ("bibtex", "ris")]
        if person.orcid:
            urls.append(f"/api/people/orcid:{person.orcid}/")
    for topic in topics:
        urls += [f"/topics/{topic.slug}/", f"/api/topics/{topic.slug}/"]
        urls += [f"/api/publications/?topic={topic.slug}", f"/api/people/?topic={topic.slug}"]
    for publication in publications:
        urls += [publication.get_absolute_url(), f"/api/publications/{publication.pk}/"]
        urls += [f"/publications/{publication.pk}/cite.{fmt}" for fmt in ("bib", "ris", "json")]
        urls += [f"/api/publications/{publication.pk}/?format=csl-json"]
    for query in ("", "page=2", "kind=article", "ordering=-year", "search=graph"):
        urls += [f"/api/publications/?{query}", f"/api/publications/?{query}&format=bibtex"]
    if members:
        urls += [f"/api/publications/?author={members[0].slug}"]
    if with_doi:
        urls.append(f"/api/publications/doi:{with_doi.doi}/")
    if with_arxiv:
        urls.append(f"/api/publications/arxiv:{with_arxiv.arxiv_id}/")
    return urls


def write_answers(out):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    out.mkdir(parents=True, exist_ok=True)
    client = Client()
    manifest = []
    for number, url in enumerate(addresses()):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        name = f"{number:04d}"
        (out / name).write_bytes(body)
        digest = hashlib.sha256(body).hexdigest()[:16]
        line = f"{name} {response.status_code} {response.get('Content-Type', '-')} "
        line += f"q={len(queries)} {digest} {url}"
        manifest.append(line)
    (out / "MANIFEST").write_text("\n".join(manifest) + "\n")
    print(f"{len(manifest)} answers written to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
