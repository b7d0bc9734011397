from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext

from core.caching import kept_page, versioned
from profiles.forms import DirectoryFilterForm
from profiles.models import Person, PersonRedirect, Topic
from profiles.search import search_people

PEOPLE_PER_PAGE = 24
# A topic page shows this many of its people; the directory, filtered by the topic,
# lists them all. Writing out 422 cards took most of the page's 350 ms.
TOPIC_PEOPLE_SHOWN = 24


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


def person_detail(request, slug):
    person = Person.objects.prefetch_related("topics").filter(slug=slug).first()
    if person is None:
        moved = get_object_or_404(PersonRedirect.objects.select_related("person"), old_slug=slug)
        return redirect(moved.person, permanent=True)
    if not person.has_profile:
        # Outside co-authors appear on bylines only; their page is not public.
        raise Http404(gettext("This person has no public profile."))
    return render(request, "profiles/person_detail.html", {"person": person})


def topic_list(request):
    # Counting over 400,000 links takes 40 ms: kept until the content changes.
    topics = versioned(
        request, "topic-list", lambda: list(Topic.objects.with_counts().by_shown_name())
    )
    return render(request, "profiles/topic_list.html", {"topics": topics})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    people = topic.people.with_profile()
    context = {
        "topic": topic,
        "people": people[:TOPIC_PEOPLE_SHOWN],
        "people_count": people.count(),
    }
    return render(request, "profiles/topic_detail.html", context)
