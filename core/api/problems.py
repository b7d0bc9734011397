"""Problem details (RFC 9457) for answers given outside DRF's views: an unknown API
address, a lost database, a body over the upload limit."""

from http import HTTPStatus

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PATH_PREFIX = "/api/"

# Problem titles in the reader's language; other statuses keep http's English phrase.
STATUS_TITLES = {
    400: _("Bad Request"),
    401: _("Unauthorized"),
    403: _("Forbidden"),
    404: _("Not Found"),
    405: _("Method Not Allowed"),
    406: _("Not Acceptable"),
    409: _("Conflict"),
    412: _("Precondition Failed"),
    413: _("Request Entity Too Large"),
    415: _("Unsupported Media Type"),
    428: _("Precondition Required"),
    429: _("Too Many Requests"),
    500: _("Internal Server Error"),
    503: _("Service Unavailable"),
}


def status_title(status):
    """The RFC 9457 title of an HTTP status, translated where we know it."""
    return str(STATUS_TITLES.get(status, HTTPStatus(status).phrase))


def is_api_request(request):
    """Whether `request` is for the API, whose clients read problem details, not pages."""
    return request.path_info.startswith(API_PATH_PREFIX)


def problem_response(request, status, detail):
    """A problem details answer with `status` and `detail` about `request`."""
    problem = {
        "type": "about:blank",
        "title": status_title(status),
        "status": status,
        "detail": str(detail),
        "instance": request.path,
    }
    return JsonResponse(problem, status=status, content_type=PROBLEM_CONTENT_TYPE)
