"""Tags every page uses: the site's name, and its meta description and Open Graph tags."""

from django import template
from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import gettext

register = template.Library()

DESCRIPTION_LENGTH = 160


@register.filter
def whole_minutes(duration):
    """A timedelta in whole minutes, at least one (django-axes' cool-off, for instance)."""
    return max(1, round(duration.total_seconds() / 60))


@register.simple_tag
def site_name():
    return settings.SITE_NAME


@register.inclusion_tag("_page_meta.html", takes_context=True)
def page_meta(context, title="", description="", og_type="website", image="", canonical=""):
    """Meta description, canonical address and Open Graph tags for the current page."""
    request = context["request"]
    description = " ".join((description or "").split()) or (
        gettext("%(site)s: the people of the institute, their research topics and publications.")
        % {"site": settings.SITE_NAME}
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
