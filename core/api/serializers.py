"""Conventions every API serializer shares: sparse fieldsets, strict input, and
validation as admin does it."""

import copy

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.conventions import InvalidQuery

# Serializers: sparse fieldsets, unknown fields and strict JSON types

# DRF coerces 7 to "7" and "2020" to 2020; a client that sends the wrong JSON type
# has a bug, so it hears about it. The first matching class decides.
JSON_TYPES = [
    (serializers.BooleanField, (bool,), _("Enter true or false.")),
    (serializers.IntegerField, (int,), _("Enter a whole number.")),
    (
        serializers.PrimaryKeyRelatedField,
        (int,),
        _("Enter a record id (a whole number)."),
    ),
    (serializers.CharField, (str,), _("Enter a string.")),
    (serializers.ChoiceField, (str,), _("Enter a string.")),
    (serializers.DateField, (str,), _("Enter a date string such as 2025-06-30.")),
]


def json_type_error(field, value):
    if value is None:
        return None
    for field_class, types, message in JSON_TYPES:
        if isinstance(field, field_class):
            wrong = not isinstance(value, types) or (types == (int,) and isinstance(value, bool))
            return str(message) if wrong else None
    return None


class CollapsedCharField(serializers.CharField):
    """Runs of whitespace become one space, as the models' save() does, so a value
    of nothing but whitespace or control characters is blank."""

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str):
            data = " ".join(data.split())
        return super().run_validation(data)


# The web addresses the API takes: http or https, a host name of at most four labels
# (so that it stays within the 253 characters a host may have), an optional port, and
# a path of the characters RFC 3986 allows, so no space, quote or angle bracket. Each
# such address passes Django's URLValidator too. The schema gives it as the pattern.
WEB_ADDRESS = (
    r"^https?://[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?){0,2}\.[A-Za-z]{2,24}"
    r"(:[0-9]{1,5})?([/?#][-A-Za-z0-9._~!$&'()*+,;=:@/?#%\[\]]*)?$"
)


class WebAddressField(serializers.URLField):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        message = _(
            "Enter a web address such as https://example.org/page, without spaces, "
            "quotes or angle brackets."
        )
        self.validators.append(RegexValidator(WEB_ADDRESS, message))


class ApiSerializerMixin:
    """`?fields=a,b` keeps only those top-level fields (the view passes them as
    context["fields"]; unknown names are a 400 that lists the valid ones). Input
    with unknown field names or wrong JSON types is refused. A model's URL field is a
    WebAddressField."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.URLField: WebAddressField,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = self.context.get("fields")
        if not wanted:
            return
        unknown = sorted(set(wanted) - set(self.fields))
        if unknown:
            readable = [name for name, field in self.fields.items() if not field.write_only]
            raise InvalidQuery(
                {
                    "fields": [
                        gettext("Unknown field %(unknown)s; choose from %(readable)s.")
                        % {"unknown": ", ".join(unknown), "readable": ", ".join(readable)}
                    ]
                }
            )
        for name in set(self.fields) - set(wanted):
            self.fields.pop(name)

    def to_internal_value(self, data):
        errors = {}
        for name, value in data.items() if isinstance(data, dict) else ():
            field = self.fields.get(name)
            if field is None:
                errors[str(name)] = [gettext("This field is not part of this record.")]
            elif not field.read_only and (message := json_type_error(field, value)):
                errors[name] = [message]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({**exc.detail, **errors}) from exc
        if errors:
            raise serializers.ValidationError(errors)
        return value


# Validation as admin does it


class AdminValidationMixin:
    """Runs the model's full_clean on the values sent, as admin's ModelForm does,
    so the API gives admin's messages (identifier rules, uniqueness, cross-field
    checks) and stores the normalised identifiers."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        fields = {field.name: field for field in model._meta.concrete_fields}
        given = [name for name in attrs if name in fields]
        for name in given:
            # As admin's form fields do: an empty nullable value is None, which the
            # uniqueness check skips (an empty string would match every NULL).
            if fields[name].null and attrs[name] == "":
                attrs[name] = None
            setattr(candidate, name, attrs[name])
        candidate.full_clean(exclude=set(fields) - set(given))
        return {**attrs, **{name: getattr(candidate, name) for name in given}}


# Fields and lookups that serializers share


@extend_schema_field(OpenApiTypes.URI)
class WebURLField(serializers.ReadOnlyField):
    """The absolute address of the record's web page (source: get_absolute_url)."""

    def __init__(self, **kwargs):
        super().__init__(source="get_absolute_url", **kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request else value


def resolve_slugs(model, slugs, *, field, missing):
    """Map `slugs` to rows with one query; each missing slug is an error at `field`,
    `missing` % {"slug": …}."""
    found = model.objects.in_bulk(slugs, field_name="slug")
    errors = [
        {field: [missing % {"slug": repr(slug)}]} if slug not in found else {} for slug in slugs
    ]
    if any(errors):
        raise serializers.ValidationError(errors, code="does_not_exist")
    return [found[slug] for slug in slugs]
