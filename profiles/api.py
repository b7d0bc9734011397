import hashlib

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse

from core.api.conventions import (
    FilterBackend,
    InvalidQuery,
    OrderingBackend,
    PageNumberPagination,
    SearchBackend,
    WriteMixin,
    identifier_lookup,
    identifier_or_404,
)
from core.caching import PAGE_SCOPES, versioned
from profiles.filters import FACETS, PersonFilter
from profiles.identifiers import ORCID_PATTERN, normalise_orcid
from profiles.models import Person, PersonRedirect, Topic
from profiles.search import search_people
from profiles.serializers import (
    PersonSerializer,
    PersonSummarySerializer,
    TopicDetailSerializer,
    TopicSerializer,
)

SLUG_REGEX = r"[-a-zA-Z0-9_]+"
MOVED = OpenApiResponse(description=_("An old slug: Location gives the current address."))
FACET_CHOICE_SCHEMA = {
    "type": "object",
    "properties": {
        "value": {"type": "string", "description": _("The parameter's value for this choice.")},
        "label": {"type": "string"},
        "count": {
            "type": "integer",
            "minimum": 0,
            "description": _(
                "How many people the list would hold with this choice, given every other filter."
            ),
        },
        "chosen": {"type": "boolean", "description": _("Whether the query chose it.")},
    },
    "required": ["value", "label", "count", "chosen"],
}
FACETS_SCHEMA = {
    "type": "object",
    "description": _("Only with `facets=`: for each facet asked, its choices with their counts."),
    "properties": {name: {"type": "array", "items": FACET_CHOICE_SCHEMA} for name in FACETS},
}
FACETS_PARAMETER = OpenApiParameter(
    "facets",
    {"type": "array", "items": {"type": "string", "enum": list(FACETS)}, "minItems": 1},
    style="form",
    explode=False,
    description=format_lazy(
        _(
            "Facets to count, comma-separated, among {facets}: each choice's count takes every "
            "other filter into account."
        ),
        facets=", ".join(FACETS),
    ),
)


class FacetedPagination(PageNumberPagination):
    """The people list's pages, documented with the `facets` block `?facets=` adds."""

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["facets"] = FACETS_SCHEMA
        return schema


class PersonViewSet(WriteMixin, viewsets.ModelViewSet):
    __doc__ = _("People: the institute's members with a profile, and their co-authors.")

    queryset = Person.objects.all()
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    filter_backends = [FilterBackend, SearchBackend, OrderingBackend]
    filterset_class = PersonFilter
    pagination_class = FacetedPagination
    search_function = staticmethod(search_people)
    ordering_fields = [
        "sort_name",
        "full_name",
        "publication_count",
        "last_active",
        "created",
        "updated",
    ]
    protected_message = _("This person is on a publication’s byline; take them off it first.")

    def get_queryset(self):
        # A GROUP BY query drops Meta.ordering, so it is repeated here.
        queryset = (
            Person.objects.with_publication_count()
            .prefetch_related("topics")
            .order_by("sort_name", "id")
        )
        if self.action != "list":
            queryset = queryset.prefetch_related("name_variants")
            fields = self.get_serializer_context().get("fields")
            if not fields or "memberships" in fields:  # read only when shown
                queryset = queryset.prefetch_related("membership_periods")
        return queryset

    @extend_schema(parameters=[FACETS_PARAMETER])
    def list(self, request, *args, **kwargs):
        wanted = self._facets_asked(request)
        response = super().list(request, *args, **kwargs)  # a bad filter is a 400 here
        if wanted:
            response.data["facets"] = self._facets(request, wanted)
        return response

    def _facets_asked(self, request):
        names = [name.strip() for name in request.query_params.get("facets", "").split(",")]
        names = [name for name in names if name]
        unknown = [name for name in names if name not in FACETS]
        if unknown:
            raise InvalidQuery(
                {
                    "facets": [
                        _("Unknown facet %(names)s; choose among %(facets)s.")
                        % {"names": ", ".join(unknown), "facets": ", ".join(FACETS)}
                    ]
                }
            )
        return list(dict.fromkeys(names))

    def _facets(self, request, wanted):
        today = timezone.localdate()
        query = sorted(request.query_params.lists())
        digest = hashlib.blake2b(repr([query, today]).encode(), digest_size=16).hexdigest()

        def count():
            people = SearchBackend().filter_queryset(request, Person.objects.all(), self)
            filterset = PersonFilter(request.query_params, queryset=people, today=today)
            filterset.is_valid()
            facets = filterset.facets(people, wanted)
            for choices in facets.values():
                for choice in choices:
                    choice["label"] = str(choice["label"])
            return facets

        return versioned(request, f"people-facets:{digest}", count)

    def get_object(self):
        if self.action != "retrieve":
            return super().get_object()
        # The record with its topics, name variants and membership periods, kept until
        # this person's content changes: four queries a read. The query can filter or narrow it.
        path = self.request.get_full_path().encode()
        digest = hashlib.blake2b(path, digest_size=16).hexdigest()
        person = versioned(
            self.request, f"person-api-record:{digest}", super().get_object, PAGE_SCOPES
        )
        self.check_object_permissions(self.request, person)
        return person

    def get_serializer_class(self):
        return PersonSummarySerializer if self.action == "list" else PersonSerializer

    @extend_schema(responses={200: PersonSerializer, 301: MOVED})
    def retrieve(self, request, *args, **kwargs):
        try:
            return super().retrieve(request, *args, **kwargs)
        except Http404:
            moved = PersonRedirect.objects.filter(old_slug=kwargs["slug"]).first()
            if moved is None:
                raise
            person = Person.objects.only("slug").get(pk=moved.person_id)
            url = reverse("api:person-detail", kwargs={"slug": person.slug}, request=request)
            return HttpResponsePermanentRedirect(url)

    @identifier_lookup(
        "people",
        "orcid",
        _("An ORCID iD such as 0000-0002-1825-0097."),
        PersonSerializer,
        pattern=ORCID_PATTERN,
        operation=_("The person with this ORCID iD."),
    )
    def by_orcid(self, request, orcid):
        value = identifier_or_404(normalise_orcid, orcid, "orcid", ORCID_PATTERN)
        person = get_object_or_404(self.get_queryset(), orcid=value)
        return Response(self.get_serializer(person).data)


class TopicViewSet(WriteMixin, viewsets.ModelViewSet):
    __doc__ = _("Research topics, with how many people and publications each has.")

    queryset = Topic.objects.all()
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    filter_backends = [OrderingBackend]
    ordering_fields = ["name", "people_count", "publication_count", "created", "updated"]

    def get_queryset(self):
        return Topic.objects.with_counts()

    def get_serializer_class(self):
        return TopicSerializer if self.action == "list" else TopicDetailSerializer
