"""/api/me/: the signed-in researcher's own profile, read and changed as on "My profile"."""

from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api.conventions import ConditionalMixin, etag_of_data, raise_unless_valid
from core.api.serializers import AdminValidationMixin, ApiSerializerMixin, CollapsedCharField
from profiles.models import Person, Topic
from profiles.selfservice.forms import MAX_NEW_TOPICS
from profiles.selfservice.permissions import may_edit
from profiles.selfservice.services import (
    PROFILE_FIELDS,
    TRANSLATED,
    column,
    existing_topic_names,
    is_reviewed,
    open_revision,
    profile_field,
    submit_changes,
)


class MeSerializer(AdminValidationMixin, ApiSerializerMixin, serializers.ModelSerializer):
    """The published profile, with what still waits for an editor under `pending`."""

    web_url = serializers.SerializerMethodField()
    # The plain text fields are the default language's (English); the others are
    # position_fr, bio_fr and portrait_alt_fr.
    position = CollapsedCharField(
        max_length=200, required=False, allow_blank=True, source=column("position")
    )
    affiliation = CollapsedCharField(max_length=200, required=False, allow_blank=True)
    bio = serializers.CharField(
        max_length=20000, required=False, allow_blank=True, source=column("bio")
    )
    portrait_alt = serializers.CharField(
        max_length=300, required=False, allow_blank=True, source=column("portrait_alt")
    )
    orcid = serializers.CharField(
        max_length=100, required=False, allow_blank=True, allow_null=True, validators=[]
    )
    topics = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Topic.objects.all(), required=False
    )
    new_topics = serializers.ListField(
        child=CollapsedCharField(max_length=120),
        max_length=MAX_NEW_TOPICS,
        required=False,
        write_only=True,
        help_text="Topics to propose by name; an editor adds them.",
    )
    pending = serializers.SerializerMethodField(
        help_text="Proposed values waiting for an editor, by field; topics by id."
    )
    reviewed_fields = serializers.SerializerMethodField(
        help_text="The fields whose changes wait for an editor."
    )

    class Meta:
        model = Person
        fields = ["slug", "full_name", "web_url", *PROFILE_FIELDS, "pending", "reviewed_fields"]
        read_only_fields = ["slug", "full_name"]

    def to_representation(self, person):
        data = super().to_representation(person)
        # The default language's column is NULL until written: "" as it always was.
        return {**data, **{name: data[name] or "" for name in TRANSLATED if name in data}}

    def get_web_url(self, person) -> str:
        return self.context["request"].build_absolute_uri(person.get_absolute_url())

    @extend_schema_field({"type": "object", "additionalProperties": True})
    def get_pending(self, person):
        revision = open_revision(person)
        return revision.changes if revision else {}

    def get_reviewed_fields(self, person) -> list[str]:
        return [name for name in self.Meta.fields if is_reviewed(name)]

    def to_internal_value(self, data):
        # Read-only values sent back unchanged are ignored, as elsewhere in the API;
        # a different one is an attempt to change what only an editor may.
        if isinstance(data, dict) and self.instance is not None:
            refused = {
                name: [
                    gettext("Only an editor changes this; it is %(value)s.")
                    % {"value": repr(getattr(self.instance, name))}
                ]
                for name in ("slug", "full_name")
                if name in data and data[name] != getattr(self.instance, name)
            }
            if refused:
                raise serializers.ValidationError(refused)
        return super().to_internal_value(data)

    def validate_new_topics(self, names):
        names = list(dict.fromkeys(name for name in names if name))
        taken = existing_topic_names(names)
        if taken:
            raise serializers.ValidationError(
                ngettext(
                    "%(names)s exists already; send it in `topics` by its slug.",
                    "%(names)s exist already; send them in `topics` by their slugs.",
                    len(taken),
                )
                % {"names": ", ".join(taken)}
            )
        return names


class SignedInWithProfile(permissions.IsAuthenticated):
    message = _("Sign in (a session or a token) to read or change your profile.")


class MeView(ConditionalMixin, generics.GenericAPIView):
    """The profile of the signed-in researcher. Changes to fields in `reviewed_fields`
    wait for an editor (see `pending`); the others are published at once."""

    serializer_class = MeSerializer
    permission_classes = [SignedInWithProfile]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self, *, lock=False):
        people = Person.objects.prefetch_related("topics")
        if lock:
            people = people.select_for_update(of=("self",))
        person = people.filter(account__user=self.request.user).first()
        if person is None or not may_edit(self.request.user, person):
            raise NotFound(gettext("No profile is linked to this account."))
        return person

    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer)
    def patch(self, request, *args, **kwargs):
        data = request.data  # a body that cannot be read is a 400, whatever If-Match says
        with transaction.atomic():
            person = self.get_object(lock=True)
            serializer = self.get_serializer(person, data=data, partial=True)
            raise_unless_valid(serializer)  # before If-Match, as for every API write
            self.check_precondition(person, required=True)
            values = {profile_field(key): value for key, value in serializer.validated_data.items()}
            submit_changes(person=person, user=request.user, values=values)
        person = self.get_object()
        context = {**self.get_serializer_context(), "fields": None}
        body = MeSerializer(person, context=context).data
        response = Response(body)
        response["ETag"] = etag_of_data(body)
        return response
