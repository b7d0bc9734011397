"""A person's publications as their profile shows them: by year, with co-authors.

The profile page shows them through the `profile_publications` tag, so profiles/
never needs to know about publications. It writes out the featured publications and
the newest PROFILE_RECENT_PUBLICATIONS only, so a profile of 500 publications stays
light; every year has a page of its own (`year_publications`). Both are kept as HTML
under the person's content version (core/caching.py), co-authors included.
"""

import heapq
from collections import Counter
from itertools import groupby
from operator import attrgetter

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from core.caching import person_scope, versioned
from publications import pictures, rows
from publications.listing import ListWriter, ordered_list
from publications.models import Authorship, Publication

COAUTHORS_SHOWN = 20
# A year of a prolific person may hold hundreds: its page comes in pages of this many.
YEAR_PAGE_SIZE = 50


def coauthors_of(person, listing):
    """([(Author, shared)] of the COAUTHORS_SHOWN people sharing most publications
    with `person`, how many share any).

    Counted from the bylines already fetched: a person is on a byline at most once.
    """
    shared = Counter(credit.author for byline in listing.bylines.values() for credit in byline)
    shared = {author: count for author, count in shared.items() if author.pk != person.pk}
    # Sort only those who could be among the first: as many shared papers as the last shown.
    least = min(heapq.nlargest(COAUTHORS_SHOWN, shared.values()), default=0)
    first = sorted(
        (author for author, count in shared.items() if count >= least),
        key=lambda author: (-shared[author], author.sort_name, author.pk),
    )[:COAUTHORS_SHOWN]
    return [(author, shared[author]) for author in first], len(shared)


def publications_by_year(listing, person, rows):
    """(year or None, the <ol> of that year's `rows`), in the order of `rows`."""
    writer = ListWriter(level=4, highlight=person.pk, hide_year=True)
    return [
        (year, ordered_list(writer.items(listing, group)))
        for year, group in groupby(rows, key=attrgetter("year"))
    ]


def shown_authorships(person):
    """The person's bylines but those they hid from their own pages."""
    return Authorship.objects.filter(person=person, hidden=False)


def year_counts(person):
    """[(year or None, how many shown publications)], newest year first: one query."""
    counted = (
        shown_authorships(person)
        .values_list("publication__year")
        .annotate(count=Count("id"))
        .order_by(F("publication__year").desc(nulls_last=True))
    )
    return list(counted)


def featured_list(listing, person, shown):
    """The <ol> of the publications the person chose to show first, in their order."""
    chosen = shown.filter(featured_rank__isnull=False).order_by("featured_rank")
    by_id = {row.id: row for row in listing.rows}
    picked = [by_id[pk] for pk in chosen.values_list("publication_id", flat=True) if pk in by_id]
    writer = ListWriter(level=4, highlight=person.pk)
    return ordered_list(writer.items(listing, picked)) if picked else ""


def profile_publications(request, person):
    """{featured: <ol>, publication_count, recent_count, recent: [(year, <ol>, shown,
    of)] of the newest publications, years: [(year, count)] of all, coauthors:
    <section>, coauthor_count, pictures: the sections of its pictures}."""

    def written_out():
        # Publications the researcher hid are left off their own page.
        shown = shown_authorships(person)
        listing = rows.read(
            Publication.objects.filter(authorships__in=shown).newest_first(),
            ids=shown.values("publication_id"),
        )
        coauthors, coauthor_count = coauthors_of(person, listing)
        listed = [
            {
                "full_name": author.full_name,
                "url": reverse("profiles:person-detail", args=[author.slug])
                if author.has_profile
                else "",
                "shared": shared,
            }
            for author, shared in coauthors
        ]
        context = {
            "coauthors": listed,
            "coauthor_count": coauthor_count,
            "person_name": person.full_name,
        }
        years = Counter(row.year for row in listing.rows)
        newest = listing.rows[: settings.PROFILE_RECENT_PUBLICATIONS]
        shown_of_year = Counter(row.year for row in newest)
        return {
            "featured": str(featured_list(listing, person, shown)),
            "publication_count": len(listing.rows),
            "recent_count": len(newest),
            "recent": [
                (year, str(items), shown_of_year[year], years[year])
                for year, items in publications_by_year(listing, person, newest)
            ],
            # Rows come newest first, so the counter keeps the years in that order.
            "years": list(years.items()),
            "coauthors": render_to_string("publications/_coauthors.html", context),
            "coauthor_count": coauthor_count,
            "pictures": pictures.profile_pictures(person, listing, coauthors),
        }

    scopes = [person_scope(person.pk)]
    stored = versioned(request, f"profile-publications:{person.pk}", written_out, scopes)
    return {
        **stored,
        "recent": [(year, SafeString(items), *counts) for year, items, *counts in stored["recent"]],
        "coauthors": SafeString(stored["coauthors"]),
        "featured": SafeString(stored["featured"]),
        "pictures": SafeString(stored["pictures"]),
    }


def year_publications(request, person, year, number=1):
    """{years: [(year, count)], count, page: the Paginator page `number`, items: <ol> of
    that page of the person's shown publications of `year` (None: undated)}, or None
    when they have none that year: three queries."""

    def written_out():
        years = year_counts(person)
        count = dict(years).get(year)
        if not count:
            return None
        # The count is known: a page of a range slices like the list it stands for.
        page = Paginator(range(count), YEAR_PAGE_SIZE).get_page(number)
        of_year = Publication.objects.filter(
            authorships__in=shown_authorships(person).filter(publication__year=year)
        ).newest_first()
        listing = rows.read(of_year[page.start_index() - 1 : page.end_index()])
        writer = ListWriter(level=2, highlight=person.pk, hide_year=True)
        items = ordered_list(writer.items(listing))
        return {"years": years, "count": count, "number": page.number, "items": str(items)}

    name = f"year-publications:{person.pk}:{year}:{number}"
    stored = versioned(request, name, written_out, [person_scope(person.pk)])
    if stored is None:
        return None
    page = Paginator(range(stored["count"]), YEAR_PAGE_SIZE).page(stored["number"])
    return {**stored, "page": page, "items": SafeString(stored["items"])}


def year_address(year):
    """(URL name, args after the slug) of a person's page of `year` (None: undated)."""
    if year is None:
        return "publications:person-undated", ()
    return "publications:person-year", (year,)


def year_url(slug, year):
    """The address of the publications of the person of `slug` in `year`."""
    name, args = year_address(year)
    return reverse(name, args=[slug, *args])
