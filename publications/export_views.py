"""Downloads of publications as BibTeX, RIS and CSL-JSON.

One publication, one person's publications, or the publication list narrowed by
the list page's filter (publications/filters.py). Each costs a fixed number of queries.
"""

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import register_converter
from django.utils.translation import gettext

from core.caching import person_scope, versioned
from profiles.models import Person, PersonRedirect
from publications.citations import (
    TooManyToExport,
    citation_queryset,
    works_for,
    works_from_rows,
)
from publications.exporters import bibtex, csl_json, ris
from publications.filters import PublicationListFilter
from publications.models import Publication

# extension → (exporter, media type)
FORMATS = {
    "bib": (bibtex.dumps, bibtex.MEDIA_TYPE),
    "ris": (ris.dumps, ris.MEDIA_TYPE),
    "json": (csl_json.dumps, csl_json.MEDIA_TYPE),
}
FORMAT_NAMES = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}


class CitationFormatConverter:
    regex = "|".join(FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CitationFormatConverter, "citefmt")


def _download(works, fmt, filename):
    return _file(FORMATS[fmt][0](works), fmt, filename)


def _file(text, fmt, filename):
    media_type = FORMATS[fmt][1]
    response = HttpResponse(text, content_type=f"{media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def publication_export(request, pk, fmt):
    publication = get_object_or_404(citation_queryset(Publication.objects.all()), pk=pk)
    works = works_for([publication], request=request)
    return _download(works, fmt, works[0].key)


def moved_person(slug, url_name, *args):
    """A permanent redirect from a person's old slug, as the profile page gives, or 404."""
    moved = get_object_or_404(PersonRedirect.objects.select_related("person"), old_slug=slug)
    return redirect(url_name, moved.person.slug, *args, permanent=True)


def person_export(request, slug, fmt):
    # Not the bios and other texts, in every language, that the file does not hold.
    person = Person.objects.only("pk", "slug").filter(slug=slug).first()
    if person is None:
        return moved_person(slug, "publications:person-export", fmt)

    def written_out():
        publications = Publication.objects.of_person(person)
        # Kept encoded: a 500-entry file is 800 KB to encode on every download.
        return FORMATS[fmt][0](works_from_rows(publications, request=request)).encode()

    # A person's list, like the profile's: kept until the content changes. The file
    # holds absolute addresses, so the host is part of the key.
    key = f"person-export:{person.pk}:{fmt}:{request.build_absolute_uri('/')}"
    try:
        kept = versioned(request, key, written_out, [person_scope(person.pk)])
        return _file(kept, fmt, person.slug)
    except TooManyToExport as refused:
        narrow = gettext(
            "Export it from the publication list, with this person and a year or a kind."
        )
        return _too_many(refused.describe(narrow))


def _too_many(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def list_export(request, fmt):
    filterset = PublicationListFilter(request.GET)
    if not filterset.is_valid():
        return HttpResponseBadRequest(filterset.message(), content_type="text/plain; charset=utf-8")
    try:
        works = works_from_rows(filterset.qs.newest_first(), request=request)
    except TooManyToExport as refused:
        return _too_many(refused.describe())
    return _download(works, fmt, "publications")
