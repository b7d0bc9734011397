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
from publications import rows
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


def profile_publications(request, person):
    """{publication_count, years: [(year, <ol>)], coauthors: <section>, coauthor_count}."""

    def written_out():
        listing = rows.read(
            Publication.objects.of_person(person),
            ids=Authorship.objects.filter(person=person).values("publication_id"),
        )
        coauthors, coauthor_count = coauthors_of(person, listing)
        shown = [
            {
                "full_name": author.full_name,
                "url": reverse("profiles:person-detail", args=[author.slug])
                if author.has_profile
                else "",
                "shared": shared,
            }
            for author, shared in coauthors
        ]
        context = {"coauthors": shown, "coauthor_count": coauthor_count}
        return {
            "publication_count": len(listing.rows),
            "years": [(year, str(items)) for year, items in publications_by_year(listing, person)],
            "coauthors": render_to_string("publications/_coauthors.html", context),
            "coauthor_count": coauthor_count,
        }

    stored = versioned(request, f"profile-publications:{person.pk}", written_out)
    return {
        **stored,
        "years": [(year, SafeString(items)) for year, items in stored["years"]],
        "coauthors": SafeString(stored["coauthors"]),
    }
