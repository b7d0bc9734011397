"""The visitor's language: from the address on pages (/en/…, /fr/…), from `?lang=` or
Accept-Language in the API, and the same page's address in another language."""

import functools
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.middleware.locale import LocaleMiddleware
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils import translation
from django.utils.cache import patch_cache_control

API_PREFIX = "/api/"
LANGUAGE_PARAMETER = "lang"
# Answers that say the same in every language: no Vary, no Content-Language.
LANGUAGE_NEUTRAL_VIEWS = {"healthz", "robots", "sitemap", "sitemap-section"}


def supported_language(code):
    """The site's language for `code` ("fr", "fr-CA" → "fr"), or None."""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def language_codes():
    return [code for code, _ in settings.LANGUAGES]


def language_name(code):
    """The name of language `code` in the active language: "French", "français"."""
    return str(translation.get_language_info(code)["name_translated"])


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with three changes: an old address without a language
    answers 301 (it moved for good, and links to it must keep working); the API takes
    `?lang=` before Accept-Language; and language-neutral answers say nothing of
    language, so caches keep one copy."""

    response_redirect_class = HttpResponsePermanentRedirect

    def process_request(self, request):
        asked = request.GET.get(LANGUAGE_PARAMETER) if request.path.startswith(API_PREFIX) else None
        language = supported_language(asked) if asked else None
        if language is None:
            # A bad `lang` is refused by the API view (core.api.conventions), in the
            # language the request would otherwise get.
            super().process_request(request)
            return
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in LANGUAGE_NEUTRAL_VIEWS:
            return response
        answer = super().process_response(request, response)
        if answer is not response:
            # The redirect to a language: a shared cache that ignores Vary must not
            # send one visitor's language to the next.
            patch_cache_control(answer, private=True)
        return answer


def path_in_language(path, code):
    """`path` (with its query) in language `code`: Django's translate_url, or, for an
    address that names no page (a 404), the same address under the other prefix."""
    address = urlsplit(path)
    # What translate_url's resolving and reversing depend on, beside the path.
    context = (translation.get_language(), get_urlconf(settings.ROOT_URLCONF), get_script_prefix())
    return urlunsplit(address._replace(path=_path_in_language(address.path, code, context)))


@functools.lru_cache(maxsize=4096)
def _path_in_language(path, code, context):
    """The path part of path_in_language(), kept: resolving and reversing each page's
    address in every language, for the switcher and the alternates, took a tenth of
    the publication page."""
    translated = translate_url(path, code)
    if translated != path:
        return translated
    current = translation.get_language_from_path(path)
    if current and current != code:
        return f"/{code}/{path[len(current) + 2 :]}"
    return path


def path_without_language(path):
    """`path` without its language prefix: the address that redirects each visitor to
    their own language (hreflang's x-default)."""
    current = translation.get_language_from_path(path)
    return path[len(current) + 1 :] if current else path
