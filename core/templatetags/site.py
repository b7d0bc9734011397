"""Tags every page uses: the site's name, its meta description, Open Graph tags and
language alternates, the language switcher, and parts of the page kept as written."""

import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from core.i18n import path_in_language, path_without_language

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
    canonical = canonical or request.path
    current = translation.get_language()
    return {
        "site_name": settings.SITE_NAME,
        "title": title or settings.SITE_NAME,
        "description": Truncator(description).chars(DESCRIPTION_LENGTH),
        "og_type": og_type,
        # `image` is an address or an image field's file (empty when there is none).
        "image": request.build_absolute_uri(getattr(image, "url", image)) if image else "",
        "canonical": request.build_absolute_uri(canonical),
        "alternates": [
            (code, request.build_absolute_uri(path_in_language(canonical, code)))
            for code, _ in settings.LANGUAGES
        ],
        "x_default": request.build_absolute_uri(path_without_language(canonical)),
        "og_locale": og_locale(current),
        "og_locale_alternates": [
            og_locale(code) for code, _ in settings.LANGUAGES if code != current
        ],
    }


def og_locale(code):
    """Open Graph's language_TERRITORY ("fr_CA") for a language code."""
    locale = translation.to_locale(code)
    return locale if "_" in locale else f"{locale}_{settings.LOCALE_TERRITORY}"


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """This page, with its query, in each language; none on an address without a
    language (the admin's, the API's), which answers in the browser's."""
    request = context.get("request")
    path = request.get_full_path() if request else ""
    if not translation.get_language_from_path(path):
        return {"languages": []}
    current = translation.get_language()
    return {
        "languages": [
            {
                "code": code,
                "name": name,
                "href": path_in_language(path, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
    }


@register.simple_tag
def include_kept(template_name, **values):
    """`template_name` written out with `values` only (no request, no page context), and
    kept in the process per language and values: the header's navigation and the
    footer, the same on every page, cost a third of the cheapest page. Written out
    every time with DEBUG on, so that an edited template shows at once."""
    if settings.DEBUG:
        return mark_safe(render_to_string(template_name, values))
    values = tuple(sorted(values.items()))
    return _kept_rendering(template_name, values, translation.get_language(), get_script_prefix())


@functools.lru_cache(maxsize=256)
def _kept_rendering(template_name, values, language, script_prefix):
    # The last two are what the addresses and words written depend on.
    return mark_safe(render_to_string(template_name, dict(values)))
