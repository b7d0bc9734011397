"""DRF renderers for BibTeX, RIS and CSL-JSON, and a mixin that puts them on a view.

Hook into a publications view or viewset (list and/or retrieve):

    class PublicationViewSet(CitationFormatsMixin, viewsets.ReadOnlyModelViewSet):
        ...

Clients then ask with `Accept: application/x-bibtex` (or -research-info-systems,
vnd.citationstyles.csl+json) or with `?format=bibtex|ris|csl-json`. A list answers
with every publication that the view's filters select (no pagination: one file).
"""

from django.db.models import prefetch_related_objects
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from publications.citations import citation_prefetches, citation_queryset, works_for
from publications.exporters import bibtex, csl_json, ris


class CitationRenderer(BaseRenderer):
    """Renders a list of Works (as CitationFormatsMixin answers) with one exporter."""

    charset = "utf-8"

    @staticmethod
    def dumps(works):
        raise NotImplementedError

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return self.dumps(data).encode(self.charset)


class BibTeXRenderer(CitationRenderer):
    media_type = "application/x-bibtex"
    format = "bibtex"
    dumps = staticmethod(bibtex.dumps)


class RISRenderer(CitationRenderer):
    media_type = "application/x-research-info-systems"
    format = "ris"
    dumps = staticmethod(ris.dumps)


class CSLJSONRenderer(CitationRenderer):
    media_type = "application/vnd.citationstyles.csl+json"
    format = "csl-json"
    dumps = staticmethod(csl_json.dumps)


CITATION_RENDERERS = (BibTeXRenderer, RISRenderer, CSLJSONRenderer)


class CitationFormatsMixin:
    """Answer a publications list or detail view in the citation formats as well."""

    def get_renderers(self):
        return [*super().get_renderers(), *(renderer() for renderer in CITATION_RENDERERS)]

    def citation_requested(self):
        return isinstance(getattr(self.request, "accepted_renderer", None), CitationRenderer)

    def list(self, request, *args, **kwargs):
        if not self.citation_requested():
            return super().list(request, *args, **kwargs)
        publications = citation_queryset(self.filter_queryset(self.get_queryset()))
        return Response(works_for(publications, request=request))

    def retrieve(self, request, *args, **kwargs):
        if not self.citation_requested():
            return super().retrieve(request, *args, **kwargs)
        publication = self.get_object()  # with the view's own lookup and permissions
        prefetch_related_objects([publication], *citation_prefetches())
        return Response(works_for([publication], request=request))

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors (404, 400, 403…) stay JSON: a citation format cannot carry them.
        if response.status_code >= 400 and self.citation_requested():
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
