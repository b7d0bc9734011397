"""Tags for citation metadata in pages: Highwire tags, JSON-LD, page metadata, Cite links.

Usage (see templates/publications/_citation_meta.html and _cite.html):
    {% load citations %}
    {% citation_work publication as work %}
    {% page_meta title=… description=… %}
"""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from profiles.linked_data import person_data
from publications.citations import works_for
from publications.export_views import FORMAT_NAMES
from publications.exporters.formatted import reference_html
from publications.exporters.highwire import highwire_tags
from publications.linked_data import json_ld_script, scholarly_article

register = template.Library()

DESCRIPTION_LENGTH = 160


@register.simple_tag(takes_context=True)
def citation_work(context, publication):
    """The exporter record of a publication whose authors and topics are prefetched."""
    return works_for([publication], request=context.get("request"))[0]


@register.simple_tag
def citation_meta_tags(work):
    return highwire_tags(work)


@register.simple_tag
def formatted_reference(work, style="apa"):
    # reference_html escapes every value it takes from the record.
    return mark_safe(reference_html(work, style))


@register.simple_tag(takes_context=True)
def publication_json_ld(context, publication, work):
    request = context["request"]
    author_urls = [
        request.build_absolute_uri(authorship.person.get_absolute_url())
        if authorship.person.has_profile
        else ""
        for authorship in publication.authorships.all()
    ]
    return json_ld_script(scholarly_article(work, author_urls=author_urls))


@register.simple_tag(takes_context=True)
def person_json_ld(context, person):
    request = context["request"]
    data = person_data(
        person,
        url=request.build_absolute_uri(person.get_absolute_url()),
        image_url=request.build_absolute_uri(person.portrait.url) if person.portrait else "",
        site_name=settings.SITE_NAME,
        site_url=request.build_absolute_uri("/"),
    )
    return json_ld_script(data)


@register.simple_tag
def download_links(url_name, arg="", query=""):
    """(label, address) for each export format of one URL pattern, such as "publications:cite"."""
    suffix = f"?{query}" if query else ""
    return [
        (label, reverse(url_name, args=[arg, fmt] if arg else [fmt]) + suffix)
        for fmt, label in FORMAT_NAMES.items()
    ]


@register.inclusion_tag("_page_meta.html", takes_context=True)
def page_meta(context, title="", description="", og_type="website", image="", canonical=""):
    """Meta description, canonical address and Open Graph tags for the current page."""
    request = context["request"]
    description = " ".join((description or "").split()) or (
        f"{settings.SITE_NAME}: the people of the institute, their research topics "
        "and publications."
    )
    return {
        "site_name": settings.SITE_NAME,
        "title": title or settings.SITE_NAME,
        "description": Truncator(description).chars(DESCRIPTION_LENGTH),
        "og_type": og_type,
        # `image` is an address or an image field's file (empty when there is none).
        "image": request.build_absolute_uri(getattr(image, "url", image)) if image else "",
        "canonical": request.build_absolute_uri(canonical or request.path),
    }
