import heapq
from collections import Counter
from itertools import groupby
from operator import itemgetter

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from config.memo import kept_page, versioned
from profiles.forms import DirectoryFilterForm
from profiles.models import Person, PersonRedirect, Topic
from profiles.search import search_people
from publications.listing import ROW_FIELDS, Listing, ListWriter, items_html, ordered_list
from publications.models import Authorship, Publication

PEOPLE_PER_PAGE = 24
PUBLICATIONS_PER_PAGE = 25
COAUTHORS_SHOWN = 20
YEAR = ROW_FIELDS.index("year")


def directory(request):
    form = DirectoryFilterForm(request.GET)
    filters = form.values()
    number = request.GET.get("page")
    asked = [filters["q"], filters["membership"], filters["topic"] and filters["topic"].pk, number]
    page, cards = kept_page(
        request, "directory", asked, PEOPLE_PER_PAGE, lambda: _directory_page(filters, number)
    )
    filtered = any(filters.values())
    context = {"form": form, "page": page, "cards": cards, "filtered": filtered}
    return render(request, "profiles/directory.html", context)


def _directory_page(filters, number):
    """(how many people match `filters`, the page number shown, that page's cards)."""
    people = Person.objects.with_profile().prefetch_related("topics")
    people = search_people(people, filters["q"])
    if filters["membership"]:
        people = people.filter(membership=filters["membership"])
    if filters["topic"]:
        people = people.filter(topics=filters["topic"])
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(number)
    cards = render_to_string("profiles/_directory_cards.html", {"people": page.object_list})
    return page.paginator.count, page.number, cards


def coauthors_of(person, listing):
    """([(pk, full_name, slug, has_profile, shared)] of the COAUTHORS_SHOWN people
    sharing most publications with `person`, how many share any).

    Counted from the bylines already fetched: a person is on a byline at most once.
    """
    shared = Counter(author for byline in listing.bylines.values() for _, author in byline)
    shared = {author: count for author, count in shared.items() if author.pk != person.pk}
    # Sort only those who could be among the first: as many shared papers as the last shown.
    least = min(heapq.nlargest(COAUTHORS_SHOWN, shared.values()), default=0)
    first = sorted(
        (author for author, count in shared.items() if count >= least),
        key=lambda author: (-shared[author], author.sort_name, author.pk),
    )[:COAUTHORS_SHOWN]
    coauthors = [
        (author.pk, author.full_name, author.slug, author.has_profile, shared[author])
        for author in first
    ]
    return coauthors, len(shared)


def publications_by_year(listing, person):
    """(year or None, the <ol> of that year's publications), newest year first."""
    writer = ListWriter(level=4, highlight=person.pk, hide_year=True)
    return [
        (year, ordered_list(writer.items(listing, rows)))
        for year, rows in groupby(listing.rows, key=itemgetter(YEAR))
    ]


def featured_list(listing, person, shown):
    """The <ol> of the publications the person chose to show first, in their order."""
    chosen = shown.filter(featured_rank__isnull=False).order_by("featured_rank")
    rows = {row[0]: row for row in listing.rows}
    picked = [rows[pk] for pk in chosen.values_list("publication_id", flat=True) if pk in rows]
    writer = ListWriter(level=4, highlight=person.pk)
    return ordered_list(writer.items(listing, picked)) if picked else ""


def person_detail(request, slug):
    person = Person.objects.prefetch_related("topics").filter(slug=slug).first()
    if person is None:
        moved = get_object_or_404(PersonRedirect.objects.select_related("person"), old_slug=slug)
        return redirect(moved.person, permanent=True)
    if not person.has_profile:
        # Outside co-authors appear on bylines only; their page is not public.
        raise Http404("This person has no public profile.")
    context = {"person": person, **_publications_and_coauthors(request, person)}
    return render(request, "profiles/person_detail.html", context)


def _publications_and_coauthors(request, person):
    """The profile's publication list, written out, and co-authors: the costly part.

    Kept in the cache under the content version (config/conditional.py), which every
    write to the content tables changes, so a stored list is never out of date.
    """

    def written_out():
        # Publications the researcher hid are left off their own page.
        shown = Authorship.objects.filter(person=person, hidden=False)
        listing = Listing.of(
            Publication.objects.filter(authorships__in=shown).newest_first(),
            ids=shown.values("publication_id"),
        )
        coauthors, coauthor_count = coauthors_of(person, listing)
        return {
            "featured": str(featured_list(listing, person, shown)),
            "publication_count": len(listing.rows),
            "years": [(year, str(items)) for year, items in publications_by_year(listing, person)],
            "coauthors": coauthors,
            "coauthor_count": coauthor_count,
        }

    stored = versioned(request, f"profile-publications:{person.pk}", written_out)
    coauthors = []
    for pk, full_name, slug, has_profile, shared in stored["coauthors"]:
        coauthor = Person(pk=pk, full_name=full_name, slug=slug, has_profile=has_profile)
        coauthor.shared = shared
        coauthors.append(coauthor)
    return {
        "featured": SafeString(stored["featured"]),
        "publication_count": stored["publication_count"],
        "years": [(year, SafeString(items)) for year, items in stored["years"]],
        "coauthors": coauthors,
        "coauthor_count": stored["coauthor_count"],
    }


def topic_list(request):
    # Counting over 400,000 links takes 40 ms: kept until the content changes.
    topics = versioned(request, "topic-list", lambda: list(Topic.objects.with_counts()))
    return render(request, "profiles/topic_list.html", {"topics": topics})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    publications = topic.publications.newest_first()
    page = Paginator(publications, PUBLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "topic": topic,
        "people": topic.people.with_profile(),
        "page": page,
        "items": items_html(Listing.of_page(page.object_list), level=3),
    }
    return render(request, "profiles/topic_detail.html", context)
