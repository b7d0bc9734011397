"""DRF renderers for BibTeX, RIS and CSL-JSON, and a mixin that offers them on a
viewset's GET actions named in `citation_actions`.

Clients ask with `Accept: application/x-bibtex` (or x-research-info-systems,
vnd.citationstyles.csl+json) or with `?format=bibtex|ris|csl-json`; JSON stays the
default, and every other action offers JSON only. Each renderer carries the OpenAPI
schema of its body, which core.api.schema documents for its media type.
"""

from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import APIException
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from publications.citations import TooManyToExport
from publications.exporters import bibtex, csl_json, ris

CSL_NAME_SCHEMA = {
    "type": "object",
    "properties": {
        "family": {"type": "string"},
        "given": {"type": "string"},
        "dropping-particle": {"type": "string"},
    },
}
CSL_ITEMS_SCHEMA = {
    "type": "array",
    "description": _(
        "CSL-JSON items, valid against the CSL data schema "
        "(https://resource.citationstyles.org/schema/latest/input/json/csl-data.json)."
    ),
    "items": {
        "type": "object",
        "properties": {
            "id": {"type": "string", "description": _("The citation key, as in BibTeX.")},
            "type": {"type": "string", "enum": sorted(set(csl_json.CSL_TYPES.values()))},
            "title": {"type": "string"},
            "author": {"type": "array", "items": CSL_NAME_SCHEMA},
            "issued": {
                "type": "object",
                "properties": {
                    "date-parts": {
                        "type": "array",
                        "items": {"type": "array", "items": {"type": "integer"}},
                    }
                },
            },
            "container-title": {"type": "string"},
            "publisher": {"type": "string"},
            "number": {"type": "string"},
            "DOI": {"type": "string"},
            "URL": {"type": "string"},
            "abstract": {"type": "string"},
            "keyword": {"type": "string"},
        },
        "required": ["id", "type", "title"],
    },
}


class CitationRenderer(BaseRenderer):
    """Renders a list of Works (as CitationFormatsMixin answers) with one exporter."""

    charset = "utf-8"
    openapi_schema = {"type": "string"}

    @staticmethod
    def dumps(works):
        raise NotImplementedError

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return self.dumps(data).encode(self.charset)


class BibTeXRenderer(CitationRenderer):
    media_type = bibtex.MEDIA_TYPE
    format = "bibtex"
    openapi_schema = {"type": "string", "description": _("BibTeX entries.")}
    dumps = staticmethod(bibtex.dumps)


class RISRenderer(CitationRenderer):
    media_type = ris.MEDIA_TYPE
    format = "ris"
    openapi_schema = {"type": "string", "description": _("RIS records.")}
    dumps = staticmethod(ris.dumps)


class CSLJSONRenderer(CitationRenderer):
    media_type = csl_json.MEDIA_TYPE
    format = "csl-json"
    openapi_schema = CSL_ITEMS_SCHEMA
    dumps = staticmethod(csl_json.dumps)


CITATION_RENDERERS = (BibTeXRenderer, RISRenderer, CSLJSONRenderer)


class CitationResponse(Response):
    """A Response that keeps its Content-Type when the body is empty (no entries):
    DRF drops it then, and the answer would no longer say which format it is."""

    @property
    def rendered_content(self):
        content = super().rendered_content
        if not content:
            renderer = self.accepted_renderer
            self["Content-Type"] = f"{renderer.media_type}; charset={renderer.charset}"
        return content


class TooLongToExport(APIException):
    status_code = 400
    default_code = "too_many_to_export"


class CitationFormatsMixin:
    """Offer the citation formats on the actions in `citation_actions` (GET only)."""

    citation_actions = ()

    def offers_citations(self):
        return getattr(self, "action", None) in self.citation_actions

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.offers_citations():
            renderers += [renderer() for renderer in CITATION_RENDERERS]
        return renderers

    def citation_requested(self):
        return isinstance(getattr(self.request, "accepted_renderer", None), CitationRenderer)

    # How to narrow a list that is too long to export, after its length.
    narrow_export = _("Narrow it with search, year, year_min, year_max, kind, topic or author.")

    def citation_response(self, make_works, *, paged, serializer_class=None):
        """Every Work that `make_works()` returns (no pages), for the citation renderer.

        Paging and `fields` shape only JSON, but a bad value for them is the same
        400 in every format; so is a list longer than the export limit.
        """
        if paged and self.paginator is not None:
            self.paginator.check_parameters(self.request)
        serializer_class = serializer_class or self.get_serializer_class()
        serializer_class(context=self.get_serializer_context())  # refuses unknown `fields`
        try:
            return CitationResponse(make_works())
        except TooManyToExport as refused:
            raise TooLongToExport(refused.describe(self.narrow_export)) from refused

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors (404, 400, 403…) stay JSON: a citation format cannot carry them.
        if response.status_code >= 400 and self.citation_requested():
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        if self.offers_citations():
            patch_vary_headers(response, ["Accept"])
        return super().finalize_response(request, response, *args, **kwargs)
