from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from profiles.forms import DirectoryFilterForm
from profiles.models import Person, PersonRedirect, Topic
from profiles.search import search_people
from publications.models import Publication

PEOPLE_PER_PAGE = 24
PUBLICATIONS_PER_PAGE = 25
COAUTHORS_SHOWN = 20


def directory(request):
    form = DirectoryFilterForm(request.GET)
    filters = form.values()
    people = Person.objects.with_profile().prefetch_related("topics")
    people = search_people(people, filters["q"])
    if filters["membership"]:
        people = people.filter(membership=filters["membership"])
    if filters["topic"]:
        people = people.filter(topics=filters["topic"])
    page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    filtered = any(filters.values())
    return render(
        request, "profiles/directory.html", {"form": form, "page": page, "filtered": filtered}
    )


def coauthors_of(person):
    """People who share publications with `person`, most shared first, counted in SQL."""
    return (
        Person.objects.filter(authorships__publication__authorships__person=person)
        .exclude(pk=person.pk)
        .annotate(shared=Count("authorships__publication", distinct=True))
        .order_by("-shared", "sort_name", "id")
    )


def person_detail(request, slug):
    person = Person.objects.prefetch_related("topics").filter(slug=slug).first()
    if person is None:
        moved = get_object_or_404(PersonRedirect.objects.select_related("person"), old_slug=slug)
        return redirect(moved.person, permanent=True)
    if not person.has_profile:
        # Outside co-authors appear on bylines only; their page is not public.
        raise Http404("This person has no public profile.")
    publications = list(
        Publication.objects.filter(authorships__person=person).with_authors().newest_first()
    )
    coauthors = coauthors_of(person)
    context = {
        "person": person,
        "publications": publications,
        "coauthors": coauthors[:COAUTHORS_SHOWN],
        "coauthor_count": coauthors.count(),
    }
    return render(request, "profiles/person_detail.html", context)


def _count(model, **filters):
    """A correlated subquery counting rows of `model`, so one query counts for every topic."""
    rows = (
        model.objects.filter(**filters)
        .order_by()
        .values(*filters)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def topic_list(request):
    topics = Topic.objects.annotate(
        people_count=_count(Person, topics=OuterRef("pk"), has_profile=True),
        publication_count=_count(Publication, topics=OuterRef("pk")),
    )
    return render(request, "profiles/topic_list.html", {"topics": topics})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    publications = topic.publications.with_authors().newest_first()
    page = Paginator(publications, PUBLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"topic": topic, "people": topic.people.with_profile(), "page": page}
    return render(request, "profiles/topic_detail.html", context)
