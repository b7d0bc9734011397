import orjson
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_orjson_renderer.renderers import ORJSONRenderer
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from core.api.serializers import (
    AdminValidationMixin,
    ApiSerializerMixin,
    CollapsedCharField,
    WebURLField,
    resolve_slugs,
)
from core.caching import person_scope, versioned
from profiles.models import Person
from profiles.serializers import PersonSerializer, TopicRefSerializer, TopicsWriteMixin
from publications.api_rows import API_FIELDS, publication_rows
from publications.identifiers import arxiv_input_validator, doi_input_validator
from publications.models import Publication
from publications.services import publication_set_authors
from publications.similar import similar_researchers

MAX_AUTHORS = 3000


class AuthorSerializer(ApiSerializerMixin, serializers.Serializer):
    __doc__ = _('One place on a byline. Written as {"person": slug, "name": name as printed}.')

    position = serializers.IntegerField(read_only=True, allow_null=True)
    name = serializers.CharField(
        source="name_as_printed",
        max_length=200,
        required=False,
        allow_blank=True,
        help_text=_("The name as the paper prints it; the person's name when left empty."),
    )
    person = serializers.SlugField(source="person.slug", max_length=80)
    api_url = serializers.HyperlinkedRelatedField(
        source="person", view_name="api:person-detail", lookup_field="slug", read_only=True
    )
    has_profile = serializers.BooleanField(source="person.has_profile", read_only=True)


@extend_schema_serializer(extensions={"x-sparse": True})
class PublicationSerializer(
    AdminValidationMixin, TopicsWriteMixin, ApiSerializerMixin, serializers.ModelSerializer
):
    __doc__ = _("A publication with its ordered authors, identifiers and topics.")

    api_url = serializers.HyperlinkedIdentityField(view_name="api:publication-detail")
    web_url = WebURLField()
    title = CollapsedCharField(max_length=500)
    slug = serializers.CharField(
        read_only=True, help_text=_("From the title; empty when the title has no Latin letters.")
    )
    abstract = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    doi = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        allow_null=True,
        validators=[doi_input_validator()],
    )
    arxiv_id = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        allow_null=True,
        validators=[arxiv_input_validator()],
    )
    authors = AuthorSerializer(
        source="authorships", many=True, required=False, max_length=MAX_AUTHORS
    )
    topics = TopicRefSerializer(many=True, required=False, max_length=200)

    class Meta:
        model = Publication
        fields = API_FIELDS
        read_only_fields = ["created", "updated"]

    def validate_authors(self, authors):
        slugs = [author["person"]["slug"] for author in authors]
        people = resolve_slugs(
            Person, slugs, field="person", missing=gettext("No person has the slug %(slug)s.")
        )
        seen, errors = set(), []
        for person in people:
            errors.append(
                {"person": [gettext("This person is already on the byline.")]}
                if person.pk in seen
                else {}
            )
            seen.add(person.pk)
        if any(errors):
            raise serializers.ValidationError(errors, code="inconsistent")
        return [
            (person, a.get("name_as_printed", ""))
            for person, a in zip(people, authors, strict=True)
        ]

    def update(self, instance, validated_data):
        authors = validated_data.pop("authorships", None)
        instance = super().update(instance, validated_data)
        if authors is not None:
            publication_set_authors(publication=instance, authors=authors)
        return instance


class SharedSerializer(serializers.Serializer):
    topics = serializers.IntegerField(help_text=_("Research topics both have."))
    coauthors = serializers.IntegerField(help_text=_("People both have published with."))
    texts = serializers.IntegerField(
        help_text=_(
            "Their publications (not with this person) of close titles, among at most "
            "2,000 publications that hold this person's most frequent title words."
        )
    )


class SimilarResearcherSerializer(serializers.Serializer):
    slug = serializers.CharField()
    full_name = serializers.CharField()
    url = serializers.URLField(help_text=_("The similar researcher's profile page."))
    shared = SharedSerializer()
    reason = serializers.CharField(help_text=_('Why, as the profile says: "3 shared topics".'))


@extend_schema_serializer(extensions={"x-sparse": True}, component_name="Person")
class PersonWithPublicationsSerializer(PersonSerializer):
    __doc__ = _("A full profile, with every publication and its ordered authors.")

    publications = serializers.SerializerMethodField(
        help_text=_("Newest first; /publications/ under this person pages them.")
    )
    similar = serializers.SerializerMethodField(
        help_text=_(
            "Other members closest to this person, closest first, as the profile "
            "page lists them: ranked by shared topics (weight 3), shared co-authors (2) and "
            "publications of close titles (1 each, up to 5)."
        )
    )

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields]
        fields.insert(fields.index("created"), "publications")
        fields.insert(fields.index("created"), "similar")

    @extend_schema_field(SimilarResearcherSerializer(many=True))
    def get_similar(self, person):
        request = self.context["request"]
        return [
            {**other, "url": request.build_absolute_uri(other["url"])}
            for other in similar_researchers(request, person)
        ]

    @extend_schema_field(PublicationSerializer(many=True))
    def get_publications(self, person):
        # PublicationSerializer's JSON, built from value rows: it is the bulk of a profile,
        # so it is kept, encoded, until the content changes. The addresses in it follow
        # the request's host and ?format=.
        request = self.context["request"]

        def encoded():
            rows = publication_rows(Publication.objects.of_person(person), request=request)
            return orjson.dumps(rows, default=ORJSONRenderer.default)

        host, url_format = request.build_absolute_uri("/"), request.GET.get("format", "")
        key = f"profile-api-publications:{person.pk}:{host}:{url_format}"
        return orjson.Fragment(versioned(request, key, encoded, [person_scope(person.pk)]))
