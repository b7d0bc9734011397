"""The My publications form as its page fills it."""

from django.urls import reverse

from publications.models import Authorship


def choices(person, **overrides):
    """The choices form as the page fills it, with `overrides` as field: value."""
    data = {}
    for authorship in Authorship.objects.filter(person=person):
        data[f"rank_{authorship.pk}"] = authorship.featured_rank or ""
        data[f"printed_{authorship.pk}"] = authorship.printed_name
        if authorship.hidden:
            data[f"hidden_{authorship.pk}"] = "on"
    data.update(overrides)
    return data


def list_url(person):
    return reverse("mypublications:list", args=[person.slug])
