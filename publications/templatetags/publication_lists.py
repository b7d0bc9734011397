"""Publication lists and bylines from publications/listing.py, for the paged list pages."""

from django import template
from django.utils.safestring import SafeString

from publications.listing import Listing, ListWriter, items_html

register = template.Library()


@register.simple_tag
def publication_items(publications, level=2):
    """`{% publication_items page.object_list level=3 %}`: authorships must be prefetched."""
    return items_html(Listing.from_instances(publications), level=level)


@register.simple_tag
def byline(publication):
    """The byline of one Publication whose authorships and persons are prefetched."""
    return SafeString(
        ListWriter().byline(Listing.from_instances([publication]).bylines[publication.pk])
    )
