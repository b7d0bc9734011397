from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from core.caching import PAGE_SCOPES, kept_page, versioned
from profiles.filters import DirectoryFilter
from profiles.models import Person, PersonRedirect, Topic

PEOPLE_PER_PAGE = 24
# A topic page shows this many of its people; the directory, filtered by the topic,
# lists them all. Writing out 422 cards took most of the page's 350 ms.
TOPIC_PEOPLE_SHOWN = 24

ORDERINGS = {
    "name": ["sort_name", "id"],
    "activity": ["-last_active", "sort_name", "id"],
}


def directory(request):
    today = timezone.localdate()
    people = DirectoryFilter(request.GET, queryset=Person.objects.with_profile(), today=today)
    people.is_valid()  # a bad value is marked on its field and the others still apply
    form = people.form
    number = request.GET.get("page")
    # Alumni are told apart by today's date: a new day is a new list.
    asked = [form.asked(), form.ordering(), number, today.isoformat()]
    page, (cards, facets, facets_html) = kept_page(
        request, "directory", asked, PEOPLE_PER_PAGE, lambda: _directory_page(people, number)
    )
    active = _active_filters(request, form, facets)
    context = {
        "active_filters": active,
        "form": form,
        "page": page,
        "cards": cards,
        "facets_html": facets_html,
        "filtered": people.active,
    }
    return render(request, "profiles/directory.html", context)


def _active_filters(request, form, facets):
    """[{"name", "value", "remove_url"}] for each chosen filter: a link that drops it."""
    chosen = [
        (name, choice["value"], choice["label"])
        for name in facets
        for choice in facets[name]
        if choice["chosen"]
    ]
    if form.cleaned_data.get("q"):
        chosen.insert(0, ("q", request.GET.get("q"), form.cleaned_data["q"]))
    active = []
    for name, value, label in chosen:
        query = request.GET.copy()
        query.setlist(name, [kept for kept in query.getlist(name) if kept != value])
        query.pop("page", None)
        url = reverse("profiles:directory") + (f"?{query.urlencode()}" if query else "")
        active.append({"name": form[name].label, "value": label, "remove_url": url})
    return active


def _directory_page(people, number):
    """(how many people `people` selects, the page number shown, (that page's cards,
    the facets, and the facets written out)), by its valid filters."""
    facets = people.facets(people.queryset)
    for choices in facets.values():
        for choice in choices:  # kept as text, in the language of the key
            choice["label"] = str(choice["label"])
    # Written out here, not per request: 58 choices took half of a warm directory's time.
    facets_html = render_to_string(
        "profiles/_directory_facets.html", {"form": people.form, "facets": facets}
    )
    found = people.qs.prefetch_related("topics")
    ordering = people.form.ordering()
    if ordering in ORDERINGS:
        found = found.order_by(*ORDERINGS[ordering])
    page = Paginator(found, PEOPLE_PER_PAGE).get_page(number)
    cards = render_to_string("profiles/_directory_cards.html", {"people": page.object_list})
    return page.paginator.count, page.number, (cards, facets, facets_html)


def person_detail(request, slug):
    people = Person.objects.prefetch_related("topics", "membership_periods")
    # Kept with its topics and membership periods until this person's content changes.
    person = versioned(
        request,
        f"person-page-record:{slug}",
        people.filter(slug=slug).first,
        PAGE_SCOPES,
    )
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
