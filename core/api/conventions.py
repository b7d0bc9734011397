"""Conventions every API view shares: problem details, conditional requests,
writes in a transaction, pagination, filtering, search and ordering.
"""

import hashlib
import re
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404, HttpResponseNotModified, QueryDict
from django.utils import translation
from django.utils.cache import parse_etags, quote_etag
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, filters, pagination
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from core.api.problems import PROBLEM_CONTENT_TYPE, problem_response, status_title
from core.i18n import LANGUAGE_PARAMETER, language_codes, supported_language
from core.paging import IdsFirstPaginator

# Problem details (RFC 9457)


class InvalidQuery(exceptions.ValidationError):
    """A bad query parameter; its errors point at parameters, not at the body."""


class InvalidHeader(InvalidQuery):
    """A bad request header; its errors name the header as their `parameter`."""


# An entity tag as RFC 9110 writes it (strong or weak, quoted, with no comma inside, so
# that a list splits where Django's parse_etags splits it), or a list of them. The API
# schema gives it as the pattern of If-Match.
_ENTITY_TAG = r'(W/)?"[!#-+\--~]*"'
ENTITY_TAGS = rf"{_ENTITY_TAG}( *, *{_ENTITY_TAG})*"


def normalised_or_400(normaliser, value, parameter):
    """normaliser(value), or a 400 that names the query `parameter`."""
    try:
        return normaliser(value)
    except DjangoValidationError as exc:
        raise InvalidQuery({parameter: exc.messages}) from exc


def identifier_lookup(
    collection, prefix, description, responses, *, pattern, operation, parameter=None
):
    """A GET action of `collection` at `<prefix>:<value>/`, such as doi:10.1000/xyz123/,
    documented by `operation` with its path parameter and the `pattern` every value of
    which it takes; the method takes the value as `parameter` (the prefix unless given)."""
    parameter = parameter or prefix
    operation_id = f"{collection}_by_{prefix}"

    def decorate(method):
        method = action(detail=False, url_path=rf"{prefix}:(?P<{parameter}>.+)")(method)
        path_parameter = OpenApiParameter(
            parameter, str, OpenApiParameter.PATH, description=description, pattern=pattern
        )
        return extend_schema(
            parameters=[path_parameter],
            responses=responses,
            operation_id=operation_id,
            description=operation,
        )(method)

    return decorate


def identifier_or_404(normaliser, value, parameter, pattern):
    """normaliser(value) for a lookup; a value of the documented `pattern` that still
    fails (a wrong check digit) names no record, a 404 that says why; others are 400s."""
    try:
        return normaliser(value)
    except DjangoValidationError as exc:
        if re.fullmatch(pattern, value):
            raise exceptions.NotFound(" ".join(exc.messages)) from exc
        raise InvalidQuery({parameter: exc.messages}) from exc


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = _("The record changed since you read it; fetch it again and retry.")
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = _("Send an If-Match header with the ETag of the record you read (not *).")
    default_code = "precondition_required"


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


def _flatten(detail, path=()):
    """Yield (path, message, code) for every leaf of a DRF error structure."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _flatten(value, (*path, key))
    elif isinstance(detail, list):
        leaves_only = all(isinstance(item, exceptions.ErrorDetail) for item in detail)
        for index, item in enumerate(detail):
            yield from _flatten(item, path if leaves_only else (*path, index))
    else:
        yield path, str(detail), getattr(detail, "code", "invalid")


def _validation_errors(exc):
    errors = []
    for path, message, code in _flatten(exc.detail):
        path = [p for p in path if p != api_settings.NON_FIELD_ERRORS_KEY]
        error = {"detail": message, "code": code}
        if isinstance(exc, InvalidQuery):
            error["parameter"] = str(path[0]) if path else ""
        else:
            error["pointer"] = "#/" + "/".join(str(part) for part in path) if path else "#"
        errors.append(error)
    return errors


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "payload_too_large"


def problem_exception_handler(exc, context):
    """DRF's handler, with every error body reshaped into an RFC 9457 problem."""
    if isinstance(exc, RequestDataTooBig):  # Django's own answer would be an HTML 400
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = PayloadTooLarge(
            gettext("The body is over the limit of %(limit)d bytes.") % {"limit": limit}
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    problem = {"type": "about:blank", "title": status_title(status), "status": status}
    if isinstance(exc, exceptions.ValidationError):
        problem["detail"] = gettext("The request has invalid values; see errors.")
        problem["errors"] = _validation_errors(exc)
    else:
        detail = getattr(exc, "detail", None) or str(exc)
        problem["detail"] = str(detail) or HTTPStatus(status).description
    request = context.get("request")
    if request is not None:
        problem["instance"] = request.path
    response.data = problem
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


@csrf_exempt  # nothing is written here; a CSRF refusal would hide the 404
def not_found(request, exception=None):
    """Problem details for a path under /api/ that names no endpoint."""
    return problem_response(
        request, 404, gettext("No API endpoint at this address; see /api/docs/.")
    )


# Conditional requests


def etag_of(content):
    """The hash of a body and of its language: one address answers in each language,
    and two languages' bodies may be equal while their Content-Language is not."""
    digest = hashlib.md5(content, usedforsecurity=False)
    digest.update(f"\n{translation.get_language()}".encode())
    return quote_etag(digest.hexdigest())


def etag_of_data(data):
    """The ETag a GET answering `data` carries: the hash of the body as the API renders it."""
    renderer = api_settings.DEFAULT_RENDERER_CLASSES[0]
    return etag_of(renderer().render(data))


def _matches(header, etag):
    def strong(tag):
        return tag.removeprefix("W/")

    tags = parse_etags(header)
    return "*" in tags or strong(etag) in {strong(tag) for tag in tags}


def _without_empty_values(query):
    """`query` (a QueryDict) without its empty values, and their names when none is left."""
    if all(all(values) for _, values in query.lists()):
        return query
    kept = QueryDict(mutable=True, encoding=query.encoding)
    for name, values in query.lists():
        if given := [value for value in values if value]:
            kept.setlist(name, given)
    kept._mutable = False
    return kept


def _add_etag(request, response):
    if response.status_code != 200:
        return None
    etag = etag_of(response.content)
    response["ETag"] = etag
    header = request.headers.get("If-None-Match")
    if header and _matches(header, etag):
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        for name in ("Vary", "Cache-Control"):
            if response.has_header(name):
                not_modified[name] = response[name]
        return not_modified
    return None


class ApiViewMixin:
    """Checks every endpoint makes before its own work: an empty query value means the
    parameter was not given (as HTML forms send it and django-filter reads it), no NUL
    character, which PostgreSQL can neither compare nor store, and a `lang` the site
    speaks (core.i18n.LanguageMiddleware has answered in it)."""

    def initial(self, request, *args, **kwargs):
        request._request.GET = _without_empty_values(request._request.GET)
        super().initial(request, *args, **kwargs)
        if not hasattr(self, request.method.lower()):
            return  # dispatch answers 405
        errors = {}
        for name, value in [*request.query_params.lists(), *kwargs.items()]:
            values = value if isinstance(value, list) else [value]
            if any("\x00" in str(item) for item in [name, *values]):
                errors[name.replace("\x00", "")] = [gettext("NUL characters are not allowed.")]
            elif name == LANGUAGE_PARAMETER and not all(map(supported_language, values)):
                choices = ", ".join(language_codes())
                errors[name] = [gettext("Choose one of %(choices)s.") % {"choices": choices}]
        if errors:
            raise InvalidQuery(errors)

    def perform_content_negotiation(self, request, force=False):
        # A method the view lacks is a 405 (from dispatch), whatever format was asked for.
        force = force or not hasattr(self, request.method.lower())
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as exc:
            # DRF's answer to a `format` no renderer has; it is a bad query parameter.
            formats = ", ".join(renderer.format for renderer in self.get_renderers())
            raise InvalidQuery(
                {"format": [gettext("Choose one of %(formats)s.") % {"formats": formats}]}
            ) from exc

    def get_serializer_context(self):
        context = super().get_serializer_context()
        raw = self.request.query_params.get("fields") if self.request else None
        if self.request and self.request.method in ("GET", "HEAD") and raw:
            context["fields"] = [name.strip() for name in raw.split(",")]
        return context


class ConditionalMixin(ApiViewMixin):
    """ETag on every GET (a hash of the body), 304 on If-None-Match, and
    If-Match required on PUT/PATCH (honoured on DELETE) against the ETag of the
    full representation that a plain GET returns."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(lambda rendered: _add_etag(request, rendered))
        return response

    def current_etag(self, instance):
        context = {**self.get_serializer_context(), "fields": None}
        data = self.get_serializer_class()(instance, context=context).data
        return etag_of_data(data)

    def check_if_match_given(self, *, required):
        """Before anything else of a write: `If-Match` is there where required (PUT,
        PATCH: 428 without it, or with `*`, which would let a client overwrite a change
        it never read) and, when sent, has the documented shape (a 400 otherwise: a
        header that names no entity tag must not read as "no condition")."""
        header = self.request.headers.get("If-Match")
        value = None if header is None else header.strip()
        if value not in (None, "*") and not re.fullmatch(ENTITY_TAGS, value):
            raise InvalidHeader(
                {"If-Match": [gettext('Send entity tags such as "abc" or W/"abc", or *.')]}
            )
        if required and value in (None, "*"):
            raise PreconditionRequired()

    def check_precondition(self, instance, *, required):
        """`If-Match` as RFC 9110 reads it, `*` matching the record that exists."""
        self.check_if_match_given(required=required)
        header = self.request.headers.get("If-Match", "")
        if parse_etags(header) and not _matches(header, self.current_etag(instance)):
            raise PreconditionFailed()


# Errors of a body that the schema cannot foresee: every value has the documented
# form, but they disagree with each other (a date in another year than the year given)
# or with the stored records (a slug no record has, a wrong check digit).
UNPROCESSABLE_CODES = {"does_not_exist", "inconsistent", "orcid_checksum", "unique"}


def raise_unless_valid(serializer):
    """A 400 for invalid values; a 409 when the only trouble is a value another record
    already holds (a slug, an identifier); a 422 when every value has the documented
    form but together or against the stored records they do not hold."""
    if serializer.is_valid():
        return
    exc = exceptions.ValidationError(serializer.errors)
    codes = {code for _, _, code in _flatten(exc.detail)}
    if codes == {"unique"}:
        exc.status_code = 409
    elif codes <= UNPROCESSABLE_CODES:
        exc.status_code = 422
    raise exc


class WriteMixin(ConditionalMixin):
    """Writes in one transaction; responses show the record as a GET would."""

    protected_message = _("Other records still refer to this one.")

    def fresh(self, instance):
        return self.get_queryset().get(pk=instance.pk)

    def respond_with(self, instance, status):
        instance = self.fresh(instance)
        context = {**self.get_serializer_context(), "fields": None}
        data = self.get_serializer_class()(instance, context=context).data
        response = Response(data, status=status)
        response["ETag"] = etag_of_data(data)
        if status == 201:
            response["Location"] = str(data["api_url"])  # not the Hyperlink subclass
        return response

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        raise_unless_valid(serializer)
        with transaction.atomic():
            instance = serializer.save()
        return self.respond_with(instance, 201)

    def lock_target(self):
        """Lock the row first, so that two writers holding the same ETag cannot both
        pass the If-Match check: the second waits, then sees a changed record."""
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        rows = self.queryset.model.objects.select_for_update().filter(**{self.lookup_field: value})
        list(rows.values("pk"))

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        data = request.data  # a body that cannot be read is a 400, whatever If-Match says
        self.check_if_match_given(required=True)
        with transaction.atomic():
            self.lock_target()
            instance = self.get_object()
            serializer = self.get_serializer(instance, data=data, partial=partial)
            # The body first: a client told its ETag is stale would retry the same bad body.
            raise_unless_valid(serializer)
            self.check_precondition(instance, required=True)
            instance = serializer.save()
        return self.respond_with(instance, 200)

    def destroy(self, request, *args, **kwargs):
        self.check_if_match_given(required=False)
        try:
            with transaction.atomic():
                self.lock_target()
                instance = self.get_object()
                self.check_precondition(instance, required=False)
                instance.delete()
        except ProtectedError as exc:
            raise Conflict(self.protected_message) from exc
        return Response(status=204)


# Pagination


class PageNumberPagination(pagination.PageNumberPagination):
    django_paginator_class = IdsFirstPaginator  # deep pages read their own rows only
    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"

    def _positive_int(self, request, name, maximum=None):
        raw = request.query_params.get(name)
        if raw is None:
            return None
        if not raw.isdigit() or int(raw) < 1 or (maximum and int(raw) > maximum):
            if maximum:
                message = gettext("Enter a whole number from 1 to %(most)d.") % {"most": maximum}
            else:
                message = gettext("Enter a whole number of 1 or more.")
            raise InvalidQuery({name: [message]})
        return int(raw)

    def get_page_size(self, request):
        size = self._positive_int(request, self.page_size_query_param, self.max_page_size)
        return size or self.page_size

    def check_parameters(self, request):
        """A 400 for a bad page or page_size, also where nothing is cut into pages."""
        self._positive_int(request, self.page_query_param)
        self.get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        self.check_parameters(request)
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["schema"]["default"] = self.page_size
        return parameters


# Filtering, search and ordering


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except exceptions.ValidationError as exc:
            raise InvalidQuery(exc.detail) from exc


class SearchBackend(filters.BaseFilterBackend):
    """`?search=` through the app's own search function (view.search_function)."""

    def filter_queryset(self, request, queryset, view):
        query = request.query_params.get("search", "")
        if len(query) > 200:
            raise InvalidQuery({"search": [gettext("Keep the search to 200 characters or fewer.")]})
        return view.search_function(queryset, query) if query.strip() else queryset

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "search",
                "required": False,
                "in": "query",
                "description": gettext("Text to look for, as the site's search box does."),
                "schema": {"type": "string", "maxLength": 200},
            }
        ]


class OrderingBackend(filters.OrderingFilter):
    """DRF's ordering, with the primary key last so pages never overlap."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        return [*ordering, "pk"] if ordering else ordering
