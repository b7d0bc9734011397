"""A person's publications as their profile shows them: by year, with co-authors.

The profile page shows them through the `profile_publications` tag, so profiles/
never needs to know about publications. The list is written out once and kept as
HTML under the content version (core/caching.py), co-authors included.
"""

import heapq
from collections import Counter
from itertools import groupby
from operator import attrgetter

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from core.caching import versioned
from publications import pictures, rows
from publications.listing import ListWriter, ordered_list
from publications.models import Authorship, Publication

COAUTHORS_SHOWN = 20


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


def publications_by_year(listing, person):
    """(year or None, the <ol> of that year's publications), newest year first."""
    writer = ListWriter(level=4, highlight=person.pk, hide_year=True)
    return [
        (year, ordered_list(writer.items(listing, group)))
        for year, group in groupby(listing.rows, key=attrgetter("year"))
    ]


def featured_list(listing, person, shown):
    """The <ol> of the publications the person chose to show first, in their order."""
    chosen = shown.filter(featured_rank__isnull=False).order_by("featured_rank")
    by_id = {row.id: row for row in listing.rows}
    picked = [by_id[pk] for pk in chosen.values_list("publication_id", flat=True) if pk in by_id]
    writer = ListWriter(level=4, highlight=person.pk)
    return ordered_list(writer.items(listing, picked)) if picked else ""


def profile_publications(request, person):
    """{featured: <ol>, publication_count, years: [(year, <ol>)], coauthors: <section>,
    coauthor_count, pictures: the sections of its pictures}."""

    def written_out():
        # Publications the researcher hid are left off their own page.
        shown = Authorship.objects.filter(person=person, hidden=False)
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
        context = {"coauthors": listed, "coauthor_count": coauthor_count}
        return {
            "featured": str(featured_list(listing, person, shown)),
            "publication_count": len(listing.rows),
            "years": [(year, str(items)) for year, items in publications_by_year(listing, person)],
            "coauthors": render_to_string("publications/_coauthors.html", context),
            "coauthor_count": coauthor_count,
            "pictures": pictures.profile_pictures(person, listing, coauthors),
        }

    stored = versioned(request, f"profile-publications:{person.pk}", written_out)
    return {
        **stored,
        "years": [(year, SafeString(items)) for year, items in stored["years"]],
        "coauthors": SafeString(stored["coauthors"]),
        "featured": SafeString(stored["featured"]),
        "pictures": SafeString(stored["pictures"]),
    }
