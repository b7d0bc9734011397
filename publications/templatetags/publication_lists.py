"""A byline written by publications/listing.py, for the publication page."""

from django import template
from django.utils.safestring import SafeString

from publications.listing import Listing, ListWriter

register = template.Library()


@register.simple_tag
def byline(publication):
    """The byline of one Publication whose authorships and persons are prefetched."""
    return SafeString(
        ListWriter().byline(Listing.from_instances([publication]).bylines[publication.pk])
    )
