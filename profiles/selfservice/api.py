"""/api/me/: the signed-in researcher's own profile, read and changed as on "My profile";
/api/me/people/: the profiles the account may edit, its own and those delegated to it,
each read and changed at /api/me/people/<slug>/ under the same rules as the pages."""

from django.db import transaction
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.reverse import reverse

from core.api.conventions import ConditionalMixin, etag_of_data, raise_unless_valid
from core.api.serializers import AdminValidationMixin, ApiSerializerMixin, CollapsedCharField
from profiles.identifiers import orcid_input_validator
from profiles.models import Person, Topic
from profiles.selfservice.forms import MAX_NEW_TOPICS
from profiles.selfservice.permissions import editable_people, may_edit
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


@extend_schema_serializer(extensions={"x-sparse": True})  # ?fields= keeps some of them
class MeSerializer(AdminValidationMixin, ApiSerializerMixin, serializers.ModelSerializer):
    __doc__ = _("The published profile, with what still waits for an editor under `pending`.")

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
        max_length=100,
        required=False,
        allow_blank=True,
        allow_null=True,
        validators=[orcid_input_validator()],
    )
    topics = serializers.SlugRelatedField(
        many=True, slug_field="slug", queryset=Topic.objects.all(), required=False
    )
    new_topics = serializers.ListField(
        child=CollapsedCharField(max_length=120),
        max_length=MAX_NEW_TOPICS,
        required=False,
        write_only=True,
        help_text=_("Topics to propose by name; an editor adds them."),
    )
    pending = serializers.SerializerMethodField(
        help_text=_("Proposed values waiting for an editor, by field; topics by id.")
    )
    reviewed_fields = serializers.SerializerMethodField(
        help_text=_("The fields whose changes wait for an editor.")
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
        read_only = [name for name, field in self.fields.items() if field.read_only]
        if isinstance(data, dict) and self.instance is not None and data.keys() & read_only:
            current = self.to_representation(self.instance)
            refused = {
                name: [
                    gettext("Only an editor changes this; it is %(value)s.")
                    % {"value": repr(current[name])}
                ]
                for name in read_only
                if name in data and data[name] != current[name]
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
    __doc__ = _(
        "The profile of the signed-in researcher. Changes to fields in "
        "`reviewed_fields` wait for an editor (see `pending`); the others are published "
        "at once. The profiles delegated to the account are at /api/me/people/."
    )

    serializer_class = MeSerializer
    permission_classes = [SignedInWithProfile]
    http_method_names = ["get", "patch", "head", "options"]
    # /api/me/ names no record in its path: a PATCH without If-Match is a 428 even for
    # an account with no profile (a path's unknown slug is a 404 first).
    if_match_before_lookup = True

    def people(self, *, lock):
        people = Person.objects.prefetch_related("topics")
        return people.select_for_update(of=("self",)) if lock else people

    def get_object(self, *, lock=False):
        person = self.people(lock=lock).filter(account__user=self.request.user).first()
        if person is None or not may_edit(self.request.user, person):
            raise NotFound(
                gettext(
                    "No profile is linked to this account; those delegated to it are "
                    "listed at /api/me/people/."
                )
            )
        return person

    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=MeSerializer, responses=MeSerializer)
    def patch(self, request, *args, **kwargs):
        data = request.data  # a body that cannot be read is a 400, whatever If-Match says
        if self.if_match_before_lookup:
            self.check_if_match_given(required=True)
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


class MePersonView(MeView):
    __doc__ = _(
        "A profile the signed-in account may edit, as its researcher or a delegate, "
        "read and changed as /api/me/ is. A profile it may not edit is a 403; an "
        "unknown slug a 404."
    )

    if_match_before_lookup = False

    def get_object(self, *, lock=False):
        person = self.people(lock=lock).filter(slug=self.kwargs["slug"]).first()
        if person is None:
            slug = repr(self.kwargs["slug"])
            raise NotFound(gettext("No person has the slug %(slug)s.") % {"slug": slug})
        if not may_edit(self.request.user, person):
            raise PermissionDenied(
                gettext("You may edit only your own profile and those delegated to you.")
            )
        return person


@extend_schema_serializer(extensions={"x-sparse": True})
class EditableProfileSerializer(ApiSerializerMixin, serializers.Serializer):
    __doc__ = _("A profile the account may edit, and in which right.")

    slug = serializers.CharField()
    full_name = serializers.CharField()
    role = serializers.SerializerMethodField(
        help_text=_("researcher: the account's own profile; delegate: one given to it.")
    )
    url = serializers.SerializerMethodField(help_text=_("Where to read and change it."))
    web_url = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "enum": ["researcher", "delegate"]})
    def get_role(self, person):
        own = person.account_user_id == self.context["request"].user.pk
        return "researcher" if own else "delegate"

    def get_url(self, person) -> str:
        request = self.context["request"]
        return reverse("api:me-person", kwargs={"slug": person.slug}, request=request)

    def get_web_url(self, person) -> str:
        return self.context["request"].build_absolute_uri(person.get_absolute_url())


class MePeopleView(ConditionalMixin, generics.GenericAPIView):
    __doc__ = _(
        "The profiles the signed-in account may edit, its own and those delegated to "
        "it, by name. A delegation taken back leaves the list at once."
    )

    queryset = Person.objects.none()  # for the schema: the rows come from the rules
    serializer_class = EditableProfileSerializer
    permission_classes = [SignedInWithProfile]
    http_method_names = ["get", "head", "options"]
    pagination_class = None

    @extend_schema(responses=EditableProfileSerializer(many=True))
    def get(self, request, *args, **kwargs):
        people = editable_people(request.user).only("slug", "full_name")
        return Response(self.get_serializer(people, many=True).data)
