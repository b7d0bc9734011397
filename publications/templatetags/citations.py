"""Tags for citation metadata in pages: Highwire tags, JSON-LD, Cite and download links.

Usage (see templates/publications/_citation_meta.html and _cite.html), with `work` the
exporter record of the publication (publications.citations.works_for), made once a page:
    {% load citations %}
    {% citation_meta_tags work as tags %}
"""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from core.linked_data import json_ld_script
from publications.export_views import FORMAT_NAMES
from publications.exporters.formatted import reference_html
from publications.exporters.highwire import highwire_tags
from publications.linked_data import scholarly_article

register = template.Library()


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


@register.simple_tag
def download_links(url_name, arg="", query=""):
    """(label, address) for each export format of one URL pattern, such as "publications:cite"."""
    suffix = f"?{query}" if query else ""
    return [
        (label, reverse(url_name, args=[arg, fmt] if arg else [fmt]) + suffix)
        for fmt, label in FORMAT_NAMES.items()
    ]
