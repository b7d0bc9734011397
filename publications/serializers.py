from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from config.api_serializers import (
    AdminValidationMixin,
    ApiSerializerMixin,
    CollapsedCharField,
)
from profiles.models import Person, Topic
from publications.models import Publication
from publications.services import publication_set_authors

MAX_AUTHORS = 3000


@extend_schema_field(OpenApiTypes.URI)
class WebURLField(serializers.ReadOnlyField):
    """The absolute address of the record's web page (source: get_absolute_url)."""

    def __init__(self, **kwargs):
        super().__init__(source="get_absolute_url", **kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request else value


def resolve_slugs(model, slugs, *, field, label):
    """Map `slugs` to rows with one query; each missing slug is an error at `field`."""
    found = model.objects.in_bulk(slugs, field_name="slug")
    errors = [
        {field: [f"No {label} has the slug {slug!r}."]} if slug not in found else {}
        for slug in slugs
    ]
    if any(errors):
        raise serializers.ValidationError(errors)
    return [found[slug] for slug in slugs]


class TopicRefSerializer(ApiSerializerMixin, serializers.Serializer):
    """A topic named by its slug; written as {"slug": …}."""

    slug = serializers.SlugField(max_length=120)
    name = serializers.CharField(read_only=True)
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:topic-detail", lookup_field="slug"
    )


class AuthorSerializer(ApiSerializerMixin, serializers.Serializer):
    """One place on a byline. Written as {"person": slug, "name": name as printed}."""

    position = serializers.IntegerField(read_only=True, allow_null=True)
    name = serializers.CharField(
        source="name_as_printed",
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="The name as the paper prints it; the person's name when left empty.",
    )
    person = serializers.SlugField(source="person.slug", max_length=80)
    api_url = serializers.HyperlinkedRelatedField(
        source="person", view_name="api:person-detail", lookup_field="slug", read_only=True
    )
    has_profile = serializers.BooleanField(source="person.has_profile", read_only=True)


@extend_schema_serializer(extensions={"x-sparse": True})
class PublicationSerializer(AdminValidationMixin, ApiSerializerMixin, serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(view_name="api:publication-detail")
    web_url = WebURLField()
    title = CollapsedCharField(max_length=500)
    slug = serializers.CharField(
        read_only=True, help_text="From the title; empty when the title has no Latin letters."
    )
    abstract = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    doi = serializers.CharField(
        max_length=300, required=False, allow_blank=True, allow_null=True, validators=[]
    )
    arxiv_id = serializers.CharField(
        max_length=100, required=False, allow_blank=True, allow_null=True, validators=[]
    )
    authors = AuthorSerializer(
        source="authorships", many=True, required=False, max_length=MAX_AUTHORS
    )
    topics = TopicRefSerializer(many=True, required=False, max_length=200)

    class Meta:
        model = Publication
        fields = [
            "id",
            "api_url",
            "web_url",
            "title",
            "slug",
            "kind",
            "kind_label",
            "year",
            "date",
            "venue",
            "abstract",
            "doi",
            "arxiv_id",
            "url",
            "pdf_url",
            "version_of",
            "authors",
            "topics",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]

    def validate_authors(self, authors):
        slugs = [author["person"]["slug"] for author in authors]
        people = resolve_slugs(Person, slugs, field="person", label="person")
        seen, errors = set(), []
        for person in people:
            errors.append(
                {"person": ["This person is already on the byline."]} if person.pk in seen else {}
            )
            seen.add(person.pk)
        if any(errors):
            raise serializers.ValidationError(errors)
        return [
            (person, a.get("name_as_printed", ""))
            for person, a in zip(people, authors, strict=True)
        ]

    def validate_topics(self, topics):
        return resolve_slugs(Topic, [t["slug"] for t in topics], field="slug", label="topic")

    def create(self, validated_data):
        return self.update(Publication(), validated_data)

    def update(self, instance, validated_data):
        authors = validated_data.pop("authorships", None)
        topics = validated_data.pop("topics", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.save()
        if topics is not None:
            instance.topics.set(topics)
        if authors is not None:
            publication_set_authors(publication=instance, authors=authors)
        return instance
