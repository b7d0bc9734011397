"""The bare baseline: one hand-written SQL query per request and direct output.

Each HTML answer is a whole page, as the project's is, with the same parts written as
plainly as they can be: no CSS classes, meta tags, forms or citation.

A plain WSGI application, served by the same gunicorn as the project, against the
same database, so that the benchmark can say what the framework, the ORM and the
templates cost on top of the least possible work for the same answer. One
persistent connection per worker process; no ORM, templates or middleware (Django is
set up only because the SVG writer groups numbers in the active language).
"""

import html
import json
import os
from urllib.parse import parse_qs

import django
import psycopg

# The pictures are drawn by the project's own SVG writer, whose number formatting reads
# Django's formats: the baseline saves the ORM, the templates and the kept fragments,
# not the drawing.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from core import svg  # noqa: E402 (after the set-up it needs)

AUTHORS = """(SELECT string_agg(coalesce(nullif(a.name_as_printed, ''), pe.full_name) || '|'
    || pe.slug || '|' || pe.has_profile::int, ';' ORDER BY a.position NULLS LAST, a.id)
    FROM publications_authorship a JOIN profiles_person pe ON pe.id = a.person_id
    WHERE a.publication_id = pu.id)"""
PUBLICATION_COLUMNS = (
    f"pu.id, pu.slug, pu.title, pu.year, pu.venue, pu.kind, pu.abstract, {AUTHORS}"
)
NEWEST = "pu.year DESC NULLS LAST, pu.date DESC NULLS LAST, pu.id DESC"

QUERIES = {
    "person": f"""SELECT p.full_name, p.position, p.affiliation, p.membership,
        {PUBLICATION_COLUMNS}
        FROM profiles_person p
        JOIN publications_authorship own ON own.person_id = p.id
        JOIN publications_publication pu ON pu.id = own.publication_id
        WHERE p.slug = %(slug)s ORDER BY {NEWEST}""",
    "directory": """SELECT p.full_name, p.slug, p.position, p.membership, count(*) OVER (),
        (SELECT string_agg(t.name, ', ' ORDER BY t.name) FROM profiles_person_topics pt
         JOIN profiles_topic t ON t.id = pt.topic_id WHERE pt.person_id = p.id)
        FROM profiles_person p WHERE p.has_profile ORDER BY p.sort_name, p.id
        LIMIT %(limit)s""",
    "list": f"""SELECT count(*) OVER (), {PUBLICATION_COLUMNS}
        FROM publications_publication pu
        WHERE pu.year = %(year)s AND pu.kind = %(kind)s ORDER BY {NEWEST} LIMIT %(limit)s""",
    "search": f"""SELECT count(*) OVER (), {PUBLICATION_COLUMNS},
        ts_headline('rd_search', pu.abstract, q, 'MaxWords=35, MinWords=15, MaxFragments=2')
        FROM publications_publication pu, websearch_to_tsquery('rd_search', %(q)s) q
        WHERE pu.search_vector @@ q ORDER BY ts_rank(pu.search_vector, q) DESC, {NEWEST}
        LIMIT %(limit)s""",
    "publication": f"""SELECT {PUBLICATION_COLUMNS}, pu.doi, pu.arxiv_id,
        (SELECT string_agg(t.name || '|' || t.slug, ';' ORDER BY t.name)
         FROM publications_publication_topics pt
         JOIN profiles_topic t ON t.id = pt.topic_id WHERE pt.publication_id = pu.id)
        FROM publications_publication pu WHERE pu.id = %(id)s""",
}
# The topic page: its publications per year, its most active members and the first page
# of its publications, as three JSON arrays of one row.
QUERIES["topic"] = f"""WITH own AS (
        SELECT pt.publication_id AS id FROM publications_publication_topics pt
        JOIN profiles_topic t ON t.id = pt.topic_id WHERE t.slug = %(slug)s)
    SELECT (SELECT name FROM profiles_topic WHERE slug = %(slug)s),
        (SELECT json_agg(json_build_array(year, n) ORDER BY year) FROM (
            SELECT pu.year, count(*) AS n FROM publications_publication pu
            WHERE pu.id IN (SELECT id FROM own) AND pu.year IS NOT NULL GROUP BY pu.year) y),
        (SELECT json_agg(json_build_array(full_name, slug, n) ORDER BY n DESC, sort_name, slug)
         FROM (SELECT pe.full_name, pe.slug, pe.sort_name, count(*) AS n
            FROM publications_authorship a JOIN profiles_person pe ON pe.id = a.person_id
            WHERE a.publication_id IN (SELECT id FROM own) AND pe.has_profile
            GROUP BY pe.id ORDER BY n DESC, pe.sort_name, pe.slug LIMIT 10) m),
        (SELECT json_agg(json_build_array(id, slug, title, year, venue, kind, abstract, byline))
         FROM (SELECT {PUBLICATION_COLUMNS} AS byline FROM publications_publication pu
            WHERE pu.id IN (SELECT id FROM own) ORDER BY {NEWEST} LIMIT %(limit)s) l)"""
# The institute network: the most collaborative members ('m' rows) and the heaviest
# collaborations among them ('e' rows).
QUERIES["network"] = """WITH top AS (
        SELECT person_id AS id, SUM(members - 1) AS shared FROM (
            SELECT a.person_id, count(*) OVER (PARTITION BY a.publication_id) AS members
            FROM publications_authorship a JOIN profiles_person p ON p.id = a.person_id
            WHERE p.has_profile) bylines
        WHERE members > 1 GROUP BY person_id ORDER BY shared DESC, person_id LIMIT %(limit)s),
    heaviest AS (SELECT a.person_id AS a, b.person_id AS b, count(*) AS w
        FROM publications_authorship a JOIN publications_authorship b
            ON b.publication_id = a.publication_id AND b.person_id > a.person_id
        WHERE a.person_id IN (SELECT id FROM top) AND b.person_id IN (SELECT id FROM top)
        GROUP BY 1, 2 ORDER BY w DESC, 1, 2 LIMIT 150)
    SELECT 'm', t.id, 0, p.full_name, p.slug, p.membership, t.shared
        FROM top t JOIN profiles_person p ON p.id = t.id
    UNION ALL SELECT 'e', a, b, '', '', '', w FROM heaviest
    ORDER BY 1 DESC, 7 DESC, 2, 3"""
QUERIES["person_json"] = QUERIES["person"]
QUERIES["bibtex"] = f"""SELECT pu.id, pu.title, pu.year, pu.venue, pu.doi, {AUTHORS}
    FROM profiles_person p
    JOIN publications_authorship own ON own.person_id = p.id
    JOIN publications_publication pu ON pu.id = own.publication_id
    WHERE p.slug = %(slug)s ORDER BY {NEWEST}"""

_connection = None


def connection():
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["BASELINE_DATABASE_URL"], autocommit=True)
    return _connection


def authors(text):
    return [part.split("|") for part in (text or "").split(";") if part]


def author_html(text):
    return ", ".join(
        f'<a href="/people/{slug}/">{html.escape(name)}</a>' if linked == "1" else html.escape(name)
        for name, slug, linked in authors(text)
    )


def publication_html(row):
    pk, slug, title, year, venue, kind, abstract, byline = row[:8]
    return (
        f'<li><a href="/publications/{pk}/{slug}/">{html.escape(title)}</a> '
        f"<p>{author_html(byline)}</p><p>{html.escape(venue)} {year or ''} {kind}</p>"
        f"<details><summary>Abstract</summary>{html.escape(abstract)}</details></li>"
    )


def page(title, body):
    """The page around every HTML answer: head, site header and navigation, footer."""
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} · Research Directory</title>\n"
        f'<link rel="stylesheet" href="/static/css/site.css">\n</head>\n<body>\n'
        f'<a class="skip-link" href="#main">Skip to content</a>\n<header class="site-header">'
        f'<a class="brand" href="/">Research Directory</a><nav aria-label="Main"><ul>'
        f'<li><a href="/">People</a></li><li><a href="/publications/">Publications</a></li>'
        f'<li><a href="/topics/">Topics</a></li></ul></nav></header>\n'
        f'<main id="main">\n{body}\n</main>\n<footer class="site-footer"><p>Research '
        f"Directory: the people of the institute and their work.</p></footer>\n</body>\n</html>"
    )


def publication_page(row):
    pk, slug, title, year, venue, kind, abstract, byline, doi, arxiv_id, topics = row
    facts = f"<dt>Venue</dt><dd>{html.escape(venue)}</dd>" if venue else ""
    facts += f"<dt>Year</dt><dd>{year}</dd>" if year else ""
    facts += f"<dt>Kind</dt><dd>{kind}</dd>"
    if doi:
        facts += f'<dt>DOI</dt><dd><a href="https://doi.org/{html.escape(doi)}">{html.escape(doi)}</a></dd>'
    if arxiv_id:
        facts += f"<dt>arXiv</dt><dd>{html.escape(arxiv_id)}</dd>"
    chips = "".join(
        f'<li><a href="/topics/{slug}/">{html.escape(name)}</a></li>'
        for name, slug in (part.split("|") for part in (topics or "").split(";") if part)
    )
    return page(
        title,
        f"<article><h1>{html.escape(title)}</h1><p>{author_html(byline)}</p>"
        f"<dl>{facts}</dl><h2>Abstract</h2><p>{html.escape(abstract)}</p>"
        f"<h2>Topics</h2><ul>{chips}</ul></article>",
    )


SHAPES = dict(
    zip(
        ["core", "associate", "affiliate", "postdoc", "phd", "masters", "staff", ""],
        svg.SHAPES,
        strict=True,
    )
)


def table(rows):
    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f"<details><summary>As a table</summary><table>{cells}</table></details>"


def topic_page(row):
    name, years, members, listed = row
    counted = dict(years or [])
    span = range(min(counted), max(counted) + 1) if counted else []
    counts = [(year, counted.get(year, 0)) for year in span]
    chart = svg.column_chart(
        [svg.Bar(str(year), n) for year, n in counts],
        ident="topic-years",
        title="Publications per year",
        desc=f"{name}: publications per year",
    )
    bars = svg.bar_list(
        [svg.Bar(full, n, url=f"/people/{slug}/") for full, slug, n in members or []],
        ident="topic-people",
        title="Most active members",
        desc=f"The members with most publications on {name}",
    )
    items = "".join(publication_html(r) for r in listed or [])
    body = (
        f"<h1>{html.escape(name or '')}</h1><h2>At a glance</h2>{chart}{table(counts)}"
        f"{bars}{table((full, n) for full, _, n in members or [])}"
        f"<h2>Publications</h2><ol>{items}</ol>"
    )
    return page(name or "", body)


def network_page(rows):
    members = [row for row in rows if row[0] == "m"]
    pairs = [row for row in rows if row[0] == "e"]
    names = {row[1]: row[3] for row in members}
    nodes = [
        svg.Node(pk, full, url=f"/people/{slug}/", shape=SHAPES[group], group=group or "none")
        for _, pk, _, full, slug, group, _ in members
    ]
    edges = [svg.Edge(a, b, w, tip=f"{names[a]}, {names[b]}: {w}") for _, a, b, _, _, _, w in pairs]
    positions = svg.spring_layout(names, edges, seed=19)
    drawing = svg.network(
        nodes, edges, positions, ident="institute-network", title="Collaboration network",
        desc="The members who publish most with other members", wide=True,
    )  # fmt: skip
    body = (
        f"<h1>Collaboration network</h1>{drawing}"
        f"{table((row[3], row[5], row[6]) for row in members)}"
        f"{table((names[a], names[b], w) for _, a, b, _, _, _, w in pairs)}"
    )
    return page("Collaboration network", body)


def render(name, rows):
    """Each answer as plainly as it can be written: HTML by string joins, or JSON."""
    if name == "person":
        head = f"<h1>{html.escape(rows[0][0])}</h1>" if rows else "<h1>Not found</h1>"
        items = "".join(publication_html(r[4:]) for r in rows)
        return "text/html", page(rows[0][0] if rows else "", f"{head}<ol>{items}</ol>")
    if name == "person_json":
        keys = ["id", "slug", "title", "year", "venue", "kind", "abstract"]
        items = [
            dict(zip(keys, r[4:11], strict=True))
            | {"authors": [{"name": n, "slug": s} for n, s, _ in authors(r[11])]}
            for r in rows
        ]
        return "application/json", json.dumps({"name": rows[0][0], "publications": items})
    if name == "directory":
        items = "".join(
            f'<li><a href="/people/{slug}/">{html.escape(full)}</a> {html.escape(position)} '
            f"{membership} {html.escape(topics or '')}</li>"
            for full, slug, position, membership, _, topics in rows
        )
        body = f"<h1>People</h1><p>{rows[0][4] if rows else 0} people</p><ul>{items}</ul>"
        return "text/html", page("People", body)
    if name in ("list", "search"):
        items = "".join(publication_html(r[1:]) for r in rows)
        body = f"<h1>Publications</h1><p>{rows[0][0] if rows else 0} results</p><ol>{items}</ol>"
        return "text/html", page("Publications", body)
    if name == "publication":
        return "text/html", "".join(publication_page(r) for r in rows)
    if name == "topic":
        return "text/html", topic_page(rows[0])
    if name == "network":
        return "text/html", network_page(rows)
    entries = []
    for pk, title, year, venue, doi, byline in rows:
        names = " and ".join(n for n, _, _ in authors(byline))
        entries.append(
            f"@article{{rd{pk},\n  title = {{{title}}},\n  author = {{{names}}},\n"
            f"  year = {{{year}}},\n  journal = {{{venue}}},\n  doi = {{{doi or ''}}}\n}}\n"
        )
    return "application/x-bibtex", "\n".join(entries)


def application(environ, start_response):
    name = environ["PATH_INFO"].strip("/")
    if name not in QUERIES:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"unknown baseline"]
    params = {key: values[0] for key, values in parse_qs(environ["QUERY_STRING"]).items()}
    with connection().cursor() as cursor:
        cursor.execute(QUERIES[name], params)
        rows = cursor.fetchall()
    content_type, body = render(name, rows)
    data = body.encode()
    start_response(
        "200 OK",
        [("Content-Type", f"{content_type}; charset=utf-8"), ("Content-Length", str(len(data)))],
    )
    return [data]
