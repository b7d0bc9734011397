from django.db import transaction
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from core.api.serializers import (
    AdminValidationMixin,
    ApiSerializerMixin,
    CollapsedCharField,
    WebURLField,
    resolve_slugs,
)
from core.i18n import language_name
from core.translated import active_language, columns
from profiles.identifiers import orcid_input_validator
from profiles.models import MembershipPeriod, Person, Topic


def per_language(*fields):
    """The per-language columns of translated `fields`, and their extra_kwargs.

    Each language's value reads and writes as `<field>_<code>` (null when not written);
    the plain field answers in the request's language, else another, and writing it
    writes the request's language.
    """
    names = [name for field in fields for name in columns(field)]
    kwargs = {
        name: {
            "required": False,
            "allow_null": True,
            "validators": [],
            "help_text": format_lazy(
                _("Language: {language}; null when not written."),
                language=lazy(language_name, str)(name.rsplit("_", 1)[1]),
            ),
        }
        for name in names
    }
    return names, kwargs


TOPIC_LANGUAGES, TOPIC_LANGUAGE_KWARGS = per_language("name", "description")
PERSON_LANGUAGES, PERSON_LANGUAGE_KWARGS = per_language("position", "bio", "portrait_alt")


class OneValuePerLanguageMixin:
    """A plain translated field writes the request's language, and so does that
    language's own column: sent together (a record read and sent back with one of them
    changed), the one that changes the stored value wins; two different changes are a
    422 naming both."""

    translated = ()

    def validate(self, attrs):
        code = active_language()
        for name in self.translated:
            column = f"{name}_{code}"
            if name not in attrs or column not in attrs:
                continue
            stored = getattr(self.instance, column, None) or ""
            plain, own = attrs[name] or "", attrs[column] or ""
            if own == stored:
                del attrs[column]
            elif plain in (stored, own):
                del attrs[name]
            else:
                message = gettext("%(field)s and %(column)s write one value; send one of them.")
                message %= {"field": name, "column": column}
                raise serializers.ValidationError(
                    {name: [message], column: [message]}, code="inconsistent"
                )
        return super().validate(attrs)


class TopicRefSerializer(ApiSerializerMixin, serializers.Serializer):
    __doc__ = _('A topic named by its slug; written as {"slug": …}.')

    slug = serializers.SlugField(max_length=120)
    name = serializers.CharField(read_only=True)
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:topic-detail", lookup_field="slug"
    )


class TopicsWriteMixin:
    """Writes a record's fields as given and its `topics`, sent as slugs."""

    def validate_topics(self, topics):
        return resolve_slugs(
            Topic,
            [t["slug"] for t in topics],
            field="slug",
            missing=gettext("No topic has the slug %(slug)s."),
        )

    def create(self, validated_data):
        return self.update(self.Meta.model(), validated_data)

    def update(self, instance, validated_data):
        topics = validated_data.pop("topics", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.save()
        if topics is not None:
            instance.topics.set(topics)
        return instance


class PersonRefSerializer(serializers.ModelSerializer):
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:person-detail", lookup_field="slug"
    )

    class Meta:
        model = Person
        fields = ["slug", "full_name", "api_url"]


@extend_schema_serializer(extensions={"x-sparse": True})
class TopicSerializer(
    OneValuePerLanguageMixin,
    AdminValidationMixin,
    ApiSerializerMixin,
    serializers.ModelSerializer,
):
    __doc__ = _("A research topic, with how many people and publications it has.")
    translated = ("name", "description")
    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:topic-detail", lookup_field="slug"
    )
    web_url = WebURLField()
    slug = serializers.SlugField(max_length=120, required=False, validators=[])
    name = CollapsedCharField(max_length=120, validators=[])
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    people_count = serializers.IntegerField(
        read_only=True, help_text=_("People with a public profile on this topic.")
    )
    publication_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Topic
        fields = [
            "slug",
            "api_url",
            "web_url",
            "name",
            "description",
            *TOPIC_LANGUAGES,
            "people_count",
            "publication_count",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]
        extra_kwargs = TOPIC_LANGUAGE_KWARGS


@extend_schema_serializer(extensions={"x-sparse": True})
class TopicDetailSerializer(TopicSerializer):
    __doc__ = _("A research topic, with the people who have a public profile on it.")

    people = serializers.SerializerMethodField(
        help_text=_("People with a public profile on this topic.")
    )

    class Meta(TopicSerializer.Meta):
        fields = [*TopicSerializer.Meta.fields, "people"]

    @extend_schema_field(PersonRefSerializer(many=True))
    def get_people(self, topic):
        people = topic.people.with_profile().order_by("sort_name", "id")
        return PersonRefSerializer(people, many=True, context=self.context).data


class MembershipPeriodSerializer(ApiSerializerMixin, serializers.ModelSerializer):
    __doc__ = _("One period of a person's membership; `end` empty while it lasts.")

    membership_label = serializers.CharField(source="get_membership_display", read_only=True)
    position = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class Meta:
        model = MembershipPeriod
        fields = ["membership", "membership_label", "position", "start", "end"]

    def validate(self, attrs):
        start, end = attrs.get("start"), attrs.get("end")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end": [_("The end comes before the start.")]}, code="inconsistent"
            )
        return attrs


@extend_schema_serializer(extensions={"x-sparse": True})
class PersonSummarySerializer(
    AdminValidationMixin, TopicsWriteMixin, ApiSerializerMixin, serializers.ModelSerializer
):
    __doc__ = _("A person as listed: who they are, where, and on which topics.")

    api_url = serializers.HyperlinkedIdentityField(
        view_name="api:person-detail", lookup_field="slug"
    )
    web_url = WebURLField()
    slug = serializers.SlugField(max_length=80, required=False, validators=[])
    full_name = CollapsedCharField(max_length=200)
    sort_name = serializers.CharField(
        source="display_sort_name", read_only=True, help_text=_('"Family, Given" as in an index.')
    )
    membership_label = serializers.CharField(source="get_membership_display", read_only=True)
    membership_ended = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_("When the last period of the membership ended; null if current."),
    )
    alumni = serializers.BooleanField(
        source="is_alumni",
        read_only=True,
        help_text=_("A former member: every period of the membership has ended."),
    )
    portrait_url = serializers.ImageField(source="portrait", read_only=True, allow_null=True)
    portrait_alt_text = serializers.CharField(
        source="alt_text", read_only=True, help_text=_("Alt text to show with the portrait.")
    )
    orcid = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        allow_null=True,
        validators=[orcid_input_validator()],
    )
    topics = TopicRefSerializer(many=True, required=False, max_length=200)
    publication_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Person
        fields = [
            "slug",
            "api_url",
            "web_url",
            "full_name",
            "sort_name",
            "has_profile",
            "membership",
            "membership_label",
            "membership_ended",
            "alumni",
            "position",
            "affiliation",
            "portrait_url",
            "portrait_alt_text",
            "orcid",
            "topics",
            "publication_count",
        ]


@extend_schema_serializer(extensions={"x-sparse": True})
class PersonSerializer(OneValuePerLanguageMixin, PersonSummarySerializer):
    """A full profile (publications.serializers adds the publications)."""

    translated = ("position", "bio", "portrait_alt")

    bio = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    name_variants = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name", help_text=_("Other spellings on papers.")
    )
    memberships = MembershipPeriodSerializer(
        many=True,
        source="membership_periods",
        required=False,
        max_length=100,
        help_text=_(
            "The membership history, oldest first. Written, it replaces the history, "
            "and `membership` follows its latest period."
        ),
    )

    class Meta(PersonSummarySerializer.Meta):
        fields = [
            *PersonSummarySerializer.Meta.fields,
            "given_name",
            "name_particle",
            "family_name",
            "portrait_alt",
            "bio",
            "homepage",
            "scholar_url",
            "github",
            "name_variants",
            *PERSON_LANGUAGES,
            "memberships",
            "created",
            "updated",
        ]
        read_only_fields = ["created", "updated"]
        extra_kwargs = PERSON_LANGUAGE_KWARGS

    def update(self, instance, validated_data):
        periods = validated_data.pop("membership_periods", None)
        if periods is not None:
            validated_data.pop("membership", None)  # the history decides it
        with transaction.atomic():
            person = super().update(instance, validated_data)
            if periods is not None:
                MembershipPeriod.objects.filter(person=person).delete()
                MembershipPeriod.objects.bulk_create(
                    MembershipPeriod(person=person, **period) for period in periods
                )
                person.sync_membership()
                getattr(person, "_prefetched_objects_cache", {}).pop("membership_periods", None)
        return person
