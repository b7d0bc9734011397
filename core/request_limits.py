"""A bound on request bodies, checked on Content-Length before anything reads them.

DATA_UPLOAD_MAX_MEMORY_SIZE bounds the fields of a form, not its files: a multipart
upload of any size is spooled to disk while the form is parsed, even for a login page.
Here a body over REQUEST_MAX_BYTES is refused with a 413, unless the user is staff
(STAFF_REQUEST_MAX_BYTES, room for their imports).
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext

from core.api.problems import is_api_request, problem_response


class RequestSizeLimitMiddleware:
    """Refuses a body over the caller's limit with a 413, unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0  # Django then reads no body at all
        if size > settings.REQUEST_MAX_BYTES:
            user = getattr(request, "user", None)
            limit = (
                settings.STAFF_REQUEST_MAX_BYTES
                if user is not None and user.is_staff
                else settings.REQUEST_MAX_BYTES
            )
            if size > limit:
                return too_large(request, limit)
        return self.get_response(request)


def too_large(request, limit):
    """The 413 answer: problem details on the API, a page elsewhere."""
    if is_api_request(request):
        detail = gettext("The body is over the limit of %(limit)d bytes.") % {"limit": limit}
        return problem_response(request, 413, detail)
    page = render_to_string("413.html", {"limit_mb": round(limit / 1024 / 1024, 1)}, request)
    return HttpResponse(page, status=413)
