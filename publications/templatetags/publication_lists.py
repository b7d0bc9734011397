"""Publication lists and bylines for pages: a profile's, a topic's, one publication's."""

from django import template
from django.core.paginator import Paginator
from django.utils.safestring import SafeString

from core.caching import kept_page, topic_scope, versioned
from publications import pictures, rows, similar
from publications.listing import ListWriter, items_html
from publications.models import Publication
from publications.person_publications import profile_publications as written_profile
from publications.person_publications import year_url

register = template.Library()

PUBLICATIONS_PER_PAGE = 25


@register.simple_tag(takes_context=True)
def profile_publications(context, person):
    """A profile's publications by year and its co-authors (person_publications)."""
    return written_profile(context["request"], person)


@register.simple_tag(takes_context=True)
def similar_researchers(context, person):
    """The members closest to `person`, each with why (publications/similar.py)."""
    return similar.similar_researchers(context["request"], person)


@register.simple_tag
def person_year_url(person, year):
    """The address of `person`'s publications of `year` (None: those with no year)."""
    return year_url(person.slug, year)


@register.simple_tag(takes_context=True)
def topic_publications(context, topic):
    """{page, items}: the page of the topic's publications that ?page= asks for, kept
    until the content changes (counting 10,000 publications of a topic took 40 ms)."""
    request = context["request"]
    number = request.GET.get("page")

    def write():
        publications = Publication.objects.filter(topics=topic).newest_first()
        page = Paginator(publications, PUBLICATIONS_PER_PAGE).get_page(number)
        items = items_html(rows.read_page(page.object_list), level=3)
        return page.paginator.count, page.number, str(items)

    asked = [topic.pk, number]
    scopes = [topic_scope(topic.pk)]
    page, items = kept_page(
        request, "topic-publications", asked, PUBLICATIONS_PER_PAGE, write, scopes
    )
    return {"page": page, "items": SafeString(items)}


@register.simple_tag(takes_context=True)
def topic_pictures(context, topic):
    """The sections of a topic's pictures (publications.pictures), kept as a fragment."""
    name = f"topic-pictures:{topic.pk}"
    drawn = versioned(
        context["request"], name, lambda: pictures.topic_pictures(topic), [topic_scope(topic.pk)]
    )
    return SafeString(drawn)


@register.simple_tag
def byline(publication):
    """The byline of one Publication whose authorships and persons are prefetched."""
    return SafeString(
        ListWriter().byline(rows.from_instances([publication]).bylines[publication.pk])
    )
