"""OpenAPI additions for the conventions in core.api.conventions.

Every text is translated: the schema is written in the request's language (`?lang=` or
Accept-Language, core.i18n), and the page cache keys it by language like any answer.
drf-spectacular describes views and serializers by their docstrings, so those the schema
shows are lazy (`__doc__ = _("…")`), and operations of methods say theirs in extend_schema."""

import copy
import re

from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.settings import api_settings

from core.api.conventions import ENTITY_TAGS, PROBLEM_CONTENT_TYPE
from core.api.serializers import CollapsedCharField
from core.i18n import LANGUAGE_PARAMETER, language_codes

# Any text without a NUL character, which the API refuses in every query value and
# every text field (a 400; PostgreSQL can neither compare nor store it).
NO_NUL = r"^[^\u0000]*$"
# No NUL, and some character that a CollapsedCharField keeps (Python's whitespace and
# ECMAScript's, written out so that both read the pattern alike): its value is not blank.
NOT_BLANK = r"^[^\u0000]*[^\s\u0000\u001c-\u001f\u0085\ufeff][^\u0000]*$"
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    str,
    OpenApiParameter.HEADER,
    description=_("An ETag from an earlier response: 304 Not Modified when it still matches."),
)
IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match",
    {"type": "string", "pattern": rf"^{ENTITY_TAGS}$"},
    OpenApiParameter.HEADER,
    required=True,
    description=_(
        "The ETag of the record as last read with a GET; 412 when it changed. `*` is "
        "refused (428): it would overwrite changes the client never read; a value that "
        "is not an entity tag is a 400. The body is checked before the ETag, so a bad "
        "body is a 400 whatever the ETag."
    ),
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    # anyOf, not one pattern: schemathesis's coverage phase sends any string (such as
    # 0) as a valid value of an optional header that has a bare pattern.
    {
        "anyOf": [
            {"type": "string", "enum": ["*"]},
            {"type": "string", "pattern": rf"^{ENTITY_TAGS}$"},
        ]
    },
    OpenApiParameter.HEADER,
    description=_(
        "The ETag of the record as last read, or `*`; 412 when it changed, 400 when it "
        "is not an entity tag."
    ),
)

PROBLEM_SCHEMA = {
    "type": "object",
    "description": _("An error, as RFC 9457 problem details."),
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "description": _(
                "One entry per invalid value: `pointer` into the body or the query `parameter`."
            ),
            "items": {
                "type": "object",
                "properties": {
                    "detail": {"type": "string"},
                    "code": {"type": "string"},
                    "pointer": {"type": "string"},
                    "parameter": {"type": "string"},
                },
                "required": ["detail", "code"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
ERRORS = {
    "400": _("Invalid query parameters or body."),
    "401": _("Credentials were given but are not valid, or a write had none."),
    "403": _("Not allowed to do this."),
    "404": _("No such record or page."),
    "406": _("None of the media types in Accept is offered here."),
    "429": _("Too many requests; see Retry-After."),
    "503": _("The database cannot be reached just now; retry after Retry-After seconds."),
}
WRITE_ERRORS = {
    "409": _("A value another record holds (see errors), or a record still referred to."),
    "422": _(
        "Values of the documented form that do not hold together or against the stored "
        "records (see errors): a slug or id no record has, a date in another year than "
        "the year, an identifier's wrong check digit."
    ),
    "412": _("If-Match no longer matches the record."),
    "413": _("The body is over the size limit."),
    "415": _("Send the body as application/json."),
}
ETAG_HEADER = {
    "ETag": {"schema": {"type": "string"}, "description": _("Identifies this representation.")}
}
LANGUAGE_HEADERS = {
    "Content-Language": {
        "schema": {"type": "string"},
        "description": _("The language of the answer's text."),
    },
    "Vary": {
        "schema": {"type": "string"},
        "description": _("Includes Accept-Language: the answer depends on it."),
    },
}


def language_parameters():
    """`lang` and Accept-Language, which every operation honours (core.i18n)."""
    codes = language_codes()
    return [
        OpenApiParameter(
            LANGUAGE_PARAMETER,
            str,
            enum=codes,
            description=gettext(
                "The language of the answer's text; wins over Accept-Language. "
                "%(default)s when neither names a language of the site."
            )
            % {"default": settings.LANGUAGE_CODE},
        ),
        OpenApiParameter(
            "Accept-Language",
            str,
            OpenApiParameter.HEADER,
            description=gettext(
                "The languages the client reads, as in HTTP; one of %(codes)s is answered."
            )
            % {"codes": ", ".join(codes)},
        ),
    ]


class ApiAutoSchema(AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        # drf-spectacular gives every media type the JSON schema; a renderer with an
        # `openapi_schema` of its own (publications.renderers) gets that instead.
        content = (operation or {}).get("responses", {}).get("200", {}).get("content", {})
        for renderer in self.view.get_renderers():
            schema = getattr(renderer, "openapi_schema", None)
            if schema is not None and renderer.media_type in content:
                content[renderer.media_type] = {"schema": copy.deepcopy(schema)}
        return operation

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request" or not isinstance(schema, dict):
            return schema
        trimmed = isinstance(field, CollapsedCharField) or getattr(field, "trim_whitespace", False)
        # A RegexValidator gives its own pattern (a slug's, say).
        patterned = any(isinstance(v, RegexValidator) for v in field.validators)
        blank_refused = isinstance(field, serializers.CharField) and not field.allow_blank
        free_text = schema.get("type") == "string" and not {"enum", "format"} & set(schema)
        if blank_refused and trimmed and not patterned:
            schema.setdefault("pattern", NOT_BLANK)
        elif isinstance(field, serializers.CharField) and free_text and not patterned:
            schema.setdefault("pattern", NO_NUL)  # DRF's CharField refuses NUL
        # A validator says what it accepts in the schema's terms with an `openapi`
        # attribute (publications.validators.validate_year: the years it takes).
        for validator in getattr(field, "validators", []):
            if callable(getattr(validator, "openapi", None)):
                schema.update(validator.openapi())
        return schema

    def get_override_parameters(self):
        parameters = [*super().get_override_parameters(), *language_parameters()]
        if self.method == "GET":
            parameters += [self._fields_parameter(), IF_NONE_MATCH]
            formats = self.map_renderers("format")
            if len(formats) > 1:
                parameters.append(self._format_parameter(formats))
        elif self.method in ("PUT", "PATCH"):
            parameters.append(IF_MATCH_REQUIRED)
        elif self.method == "DELETE":
            parameters.append(IF_MATCH_OPTIONAL)
        return parameters

    def _format_parameter(self, formats):
        return OpenApiParameter(
            api_settings.URL_FORMAT_OVERRIDE,
            str,
            enum=formats,
            description=gettext(
                "The answer's format, instead of asking with Accept; %(default)s when "
                "absent. Citation formats are not paged: a list gives every match."
            )
            % {"default": formats[0]},
        )

    def _fields_parameter(self):
        serializer = self.get_response_serializers()
        if isinstance(serializer, dict):
            serializer = serializer[200]
        if isinstance(serializer, type):
            serializer = serializer()
        serializer = getattr(serializer, "child", serializer)
        names = [name for name, field in serializer.fields.items() if not field.write_only]
        return OpenApiParameter(
            "fields",
            {"type": "array", "items": {"type": "string", "enum": names}, "minItems": 1},
            style="form",
            explode=False,
            description=gettext(
                "The top-level fields to return (a sparse fieldset), comma-separated, "
                "such as `slug,full_name`. Every field is returned when absent."
            ),
        )


def add_error_responses(result, generator, request, public):
    """Document problem responses, 304, ETag headers and anonymous reads.

    Responses may omit fields (sparse fieldsets), so top-level resource
    components list no required properties.
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    problem = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            errors = dict(ERRORS)
            if method != "get":
                errors.update(WRITE_ERRORS)
            if method in ("put", "patch"):
                errors["428"] = gettext("If-Match is missing, or is `*`.")
            for status, description in errors.items():
                responses.setdefault(status, {"description": description, "content": problem})
            for status in ("200", "201"):
                if status in responses:
                    responses[status].setdefault("headers", {}).update(ETAG_HEADER)
            for response in responses.values():
                response.setdefault("headers", {}).update(LANGUAGE_HEADERS)
            if method == "get":
                responses["304"] = {"description": gettext("Not modified since the ETag given.")}
                # Anyone reads: credentials are optional.
                security = operation.setdefault("security", [])
                if {} not in security:
                    security.append({})
    for name, schema in schemas.items():
        if schema.pop("x-sparse", False) and not name.endswith("Request"):
            schema.pop("required", None)
        if name.endswith("Request") and schema.get("type") == "object":
            # A field the record does not have is refused (core.api.serializers).
            schema["additionalProperties"] = False
    return result


def _query_parameters(result):
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    yield parameter


def allow_empty_query_values(result, generator, request, public):
    """An empty query value means the parameter was not given (core.api.conventions
    drops it, as HTML forms send it and django-filter reads it), so the schema allows it."""
    for parameter in _query_parameters(result):
        if not parameter.get("required"):
            parameter["allowEmptyValue"] = True
    return result


def refuse_nul_in_query_values(result, generator, request, public):
    """Free-text query values (a search, an ordering, an author) are documented without
    NUL: the API answers a 400 for one, so a client generated from the schema never
    sends it. Enums and patterns of their own already leave it out."""
    for parameter in _query_parameters(result):
        schema = parameter.get("schema", {})
        schema = schema.get("items", {}) if schema.get("type") == "array" else schema
        if schema.get("type") == "string" and not {"enum", "pattern"} & set(schema):
            schema["pattern"] = NO_NUL
    return result


PATH_PARAMETER = re.compile(r"\{(\w+)\}")


def add_links(result, generator, request, public):
    """OpenAPI links from each operation that answers records to the operations on them,
    so that a client (and schemathesis's stateful phase) follows a list or a write with
    reads and writes of what it answered.

    Derived from the paths: an item path ends in a segment with a path parameter
    (`{slug}/`, `orcid:{orcid}/`), and its collection is the path before that segment.
    A collection's operations and each item operation link to the item operations of
    that collection and to the paths under them (a person's publications), taking each
    new path parameter from the answered record's field of the same name."""
    schemas = result.get("components", {}).get("schemas", {})
    operations = [
        (path, method, operation)
        for path, path_item in result.get("paths", {}).items()
        for method, operation in path_item.items()
    ]
    for path, _method, source in operations:
        answered = _answered_record(source, schemas)
        if answered is None:
            continue
        status, pointer, fields = answered
        collection = _collection_of(path)
        known = {f"path.{name}": f"$request.path.{name}" for name in _names(collection)}
        links = {}
        for target_path, target_method, target in operations:
            rest = target_path.removeprefix(collection)
            if target is source or rest == target_path or not _names(rest.split("/")[0]):
                continue
            if not all(name in fields for name in _names(rest)):
                continue
            parameters = {
                **known,
                **{f"path.{name}": f"$response.body#{pointer}/{name}" for name in _names(rest)},
            }
            # PUT and PATCH need the ETag of a plain GET, which a GET or a write of that
            # same record answers (core.api.conventions); a list's ETag is the list's.
            same_record = pointer == "" and rest.count("/") == 1
            etag = "ETag" in source["responses"][status].get("headers", {})
            if target_method in ("put", "patch") and same_record and etag:
                parameters["header.If-Match"] = "$response.header.ETag"
            links[target["operationId"]] = {
                "operationId": target["operationId"],
                "parameters": parameters,
            }
        if links:
            source["responses"][status]["links"] = links
    return result


def _names(path):
    return PATH_PARAMETER.findall(path)


def _collection_of(path):
    """The path itself for a collection, the path before its last segment for an item."""
    head, _, last = path.rstrip("/").rpartition("/")
    return f"{head}/" if _names(last) else path


def _answered_record(operation, schemas):
    """(status, JSON pointer to a record in the body, the record's fields) of the
    operation's success answer: the body itself, the first of an array, or the first
    of a page's `results`; None when it answers no JSON object."""

    def resolved(schema):
        ref = schema.get("$ref", "")
        return schemas.get(ref.removeprefix("#/components/schemas/"), {}) if ref else schema

    for status, response in operation.get("responses", {}).items():
        schema = response.get("content", {}).get("application/json", {}).get("schema")
        if not status.startswith("2") or schema is None:
            continue
        schema, pointer = resolved(schema), ""
        results = schema.get("properties", {}).get("results", {})
        if results.get("type") == "array":
            schema, pointer = resolved(results["items"]), "/results/0"
        elif schema.get("type") == "array":
            schema, pointer = resolved(schema["items"]), "/0"
        if schema.get("properties"):
            return status, pointer, schema["properties"]
    return None
