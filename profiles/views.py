from django.shortcuts import get_object_or_404, redirect, render

from profiles.models import Person, PersonRedirect, Topic
from publications.models import Publication


def directory(request):
    people = Person.objects.with_profile().prefetch_related("topics")
    return render(request, "profiles/directory.html", {"people": people})


def person_detail(request, slug):
    person = Person.objects.prefetch_related("topics").filter(slug=slug).first()
    if person is None:
        moved = get_object_or_404(PersonRedirect.objects.select_related("person"), old_slug=slug)
        return redirect(moved.person, permanent=True)
    publications = (
        Publication.objects.filter(authorships__person=person).with_authors().newest_first()
    )
    return render(
        request, "profiles/person_detail.html", {"person": person, "publications": publications}
    )


def topic_list(request):
    return render(request, "profiles/topic_list.html", {"topics": Topic.objects.all()})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    context = {
        "topic": topic,
        "people": topic.people.with_profile(),
        "publications": topic.publications.with_authors().newest_first(),
    }
    return render(request, "profiles/topic_detail.html", context)
