"""Problem details (RFC 9457) for answers given outside DRF's views: an unknown API
address, a lost database, a body over the upload limit."""

from http import HTTPStatus

from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PATH_PREFIX = "/api/"


def is_api_request(request):
    """Whether `request` is for the API, whose clients read problem details, not pages."""
    return request.path_info.startswith(API_PATH_PREFIX)


def problem_response(request, status, detail):
    """A problem details answer with `status` and `detail` about `request`."""
    problem = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": str(detail),
        "instance": request.path,
    }
    return JsonResponse(problem, status=status, content_type=PROBLEM_CONTENT_TYPE)
