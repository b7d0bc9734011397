from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse

from core.api.conventions import (
    FilterBackend,
    OrderingBackend,
    SearchBackend,
    WriteMixin,
    identifier_lookup,
    identifier_or_404,
)
from profiles.identifiers import ORCID_PATTERN, normalise_orcid
from profiles.models import Person, PersonRedirect, Topic
from profiles.search import search_people
from profiles.serializers import (
    PersonSerializer,
    PersonSummarySerializer,
    TopicDetailSerializer,
    TopicSerializer,
)


@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class BooleanChoiceFilter(filters.ChoiceFilter):
    """true or false, and a 400 for anything else (django-filter ignores junk)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=[("true", "true"), ("false", "false")], **kwargs)


SLUG_REGEX = r"[-a-zA-Z0-9_]+"
MOVED = OpenApiResponse(description="An old slug: Location gives the current address.")


class PersonFilter(filters.FilterSet):
    membership = filters.ChoiceFilter(choices=Person.Membership.choices)
    topic = filters.CharFilter(field_name="topics__slug", help_text="A topic's slug.")
    has_profile = BooleanChoiceFilter(
        method="filter_has_profile",
        help_text="true: people with a public profile; false: co-authors from outside.",
    )

    class Meta:
        model = Person
        fields = ["membership", "topic", "has_profile"]

    def filter_has_profile(self, queryset, name, value):
        return queryset.filter(has_profile=value == "true")


class PersonViewSet(WriteMixin, viewsets.ModelViewSet):
    """People: the institute's members with a profile, and their co-authors."""

    queryset = Person.objects.all()
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    filter_backends = [FilterBackend, SearchBackend, OrderingBackend]
    filterset_class = PersonFilter
    search_function = staticmethod(search_people)
    ordering_fields = ["sort_name", "full_name", "publication_count", "created", "updated"]
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
        return queryset

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
        "An ORCID iD such as 0000-0002-1825-0097.",
        PersonSerializer,
        pattern=ORCID_PATTERN,
    )
    def by_orcid(self, request, orcid):
        """The person with this ORCID iD."""
        value = identifier_or_404(normalise_orcid, orcid, "orcid", ORCID_PATTERN)
        person = get_object_or_404(self.get_queryset(), orcid=value)
        return Response(self.get_serializer(person).data)


class TopicViewSet(WriteMixin, viewsets.ModelViewSet):
    """Research topics, with how many people and publications each has."""

    queryset = Topic.objects.all()
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    filter_backends = [OrderingBackend]
    ordering_fields = ["name", "people_count", "publication_count", "created", "updated"]

    def get_queryset(self):
        return Topic.objects.with_counts()

    def get_serializer_class(self):
        return TopicSerializer if self.action == "list" else TopicDetailSerializer
