from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.conventions import (
    FilterBackend,
    OrderingBackend,
    SearchBackend,
    WriteMixin,
    identifier_lookup,
    identifier_or_404,
)
from profiles import api as profiles_api
from profiles.models import Person
from publications.citations import citation_queryset, works_for, works_from_rows
from publications.filters import PublicationFilter
from publications.identifiers import (
    ARXIV_PATTERN,
    DOI_PATTERN,
    normalise_arxiv_id,
    normalise_doi,
)
from publications.models import Publication
from publications.renderers import CitationFormatsMixin
from publications.search import search_publications
from publications.serializers import PersonWithPublicationsSerializer, PublicationSerializer


class PublicationViewSet(CitationFormatsMixin, WriteMixin, viewsets.ModelViewSet):
    __doc__ = _("Publications with their ordered authors, identifiers and topics.")

    citation_actions = ("list", "retrieve")
    queryset = Publication.objects.all()
    serializer_class = PublicationSerializer
    lookup_value_regex = r"[0-9]+"
    filter_backends = [FilterBackend, SearchBackend, OrderingBackend]
    filterset_class = PublicationFilter
    search_function = staticmethod(search_publications)
    ordering_fields = ["year", "date", "title", "created", "updated"]

    def get_queryset(self):
        if self.citation_requested():
            # As the download links read them: only what a citation needs.
            return citation_queryset(Publication.objects.all())
        return Publication.objects.with_bylines()

    def list(self, request, *args, **kwargs):
        if not self.citation_requested():
            return super().list(request, *args, **kwargs)
        publications = self.filter_queryset(self.get_queryset())
        return self.citation_response(
            lambda: works_from_rows(publications, request=request), paged=True
        )

    def retrieve(self, request, *args, **kwargs):
        if not self.citation_requested():
            return super().retrieve(request, *args, **kwargs)
        publication = self.get_object()
        return self.citation_response(
            lambda: works_for([publication], request=request), paged=False
        )

    def _by_identifier(self, **lookup):
        publication = get_object_or_404(self.get_queryset(), **lookup)
        return Response(self.get_serializer(publication).data)

    @identifier_lookup(
        "publications",
        "doi",
        _("A DOI such as 10.1000/xyz123."),
        PublicationSerializer,
        pattern=DOI_PATTERN,
        operation=_("The publication with this DOI (its slashes may stay as they are)."),
    )
    def by_doi(self, request, doi):
        return self._by_identifier(doi=identifier_or_404(normalise_doi, doi, "doi", DOI_PATTERN))

    @identifier_lookup(
        "publications",
        "arxiv",
        _("An arXiv id such as 2506.05233 or hep-th/9901001."),
        PublicationSerializer,
        pattern=ARXIV_PATTERN,
        parameter="arxiv_id",
        operation=_("The publication with this arXiv id."),
    )
    def by_arxiv(self, request, arxiv_id):
        value = identifier_or_404(normalise_arxiv_id, arxiv_id, "arxiv_id", ARXIV_PATTERN)
        return self._by_identifier(arxiv_id=value)


@extend_schema_view(
    retrieve=extend_schema(
        responses={200: PersonWithPublicationsSerializer, 301: profiles_api.MOVED}
    ),
    by_orcid=extend_schema(responses=PersonWithPublicationsSerializer),
)
class PersonViewSet(CitationFormatsMixin, profiles_api.PersonViewSet):
    __doc__ = _("People: the institute's members with a profile, and their co-authors.")

    citation_actions = ("publications",)
    narrow_export = _(
        "Read it as JSON a page at a time, or export /api/publications/ with author "
        "and a year or a kind."
    )

    def get_serializer_class(self):
        if self.action == "list":
            return super().get_serializer_class()
        return PersonWithPublicationsSerializer

    @extend_schema(
        responses=PublicationSerializer(many=True),
        description=_(
            "The person's publications, newest first: a page at a time in JSON, all of "
            "them at once in a citation format."
        ),
    )
    @action(detail=True, filter_backends=[])
    def publications(self, request, slug):
        person = get_object_or_404(Person.objects.only("pk"), slug=slug)
        publications = Publication.objects.of_person(person)
        if self.citation_requested():
            return self.citation_response(
                lambda: works_from_rows(publications, request=request),
                paged=True,
                serializer_class=PublicationSerializer,
            )
        page = self.paginate_queryset(publications.with_bylines())
        serializer = PublicationSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)
