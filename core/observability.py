"""Structured request logs and the 503 answer when the database is gone."""

import json
import logging
import time
import uuid

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext

from core.api.problems import is_api_request, problem_response

request_log = logging.getLogger("research_directory.requests")

# Record attributes every LogRecord has; anything else came in through `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Never logged even if passed in `extra`: they may hold credentials or a visitor's data.
_NEVER = {"request", "password", "authorization", "cookie", "session", "token"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and safe extras."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key.lower() not in _NEVER:
                entry[key] = value if isinstance(value, (int, float, bool)) else str(value)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    """Logs method, path, status, duration and user id of each request.

    No query string, headers, cookies, addresses or user names: the query string
    may carry tokens, and the rest is personal data that pages do not show.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex[:16]
        started = time.monotonic()
        response = self.get_response(request)
        status = response.status_code
        request_log.log(
            logging.ERROR if status >= 500 else logging.INFO,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": _user_id(request),
            },
        )
        response["X-Request-ID"] = request.request_id
        return response

    def process_exception(self, request, exception):
        """A database that went away mid-request gives a 503 page, not a 500.

        The request's transaction died with the connection, so nothing was half
        written; Django drops the broken connection and reconnects on a later request.
        """
        if isinstance(exception, (OperationalError, InterfaceError)):
            request_log.error(
                "database unavailable", exc_info=exception, extra={"path": request.path}
            )
            return service_unavailable(request)
        return None


def _user_id(request):
    """The user's id if this request already loaded the user; never a new query."""
    user = getattr(request, "user", None)
    if isinstance(user, LazyObject):
        user = user._wrapped
    if user is None or user is empty or not user.is_authenticated:
        return None
    return user.pk


def service_unavailable(request):
    """The 503 answer: problem details on the API, the page elsewhere."""
    if is_api_request(request):
        detail = gettext("The database cannot be reached just now; nothing was saved. Retry soon.")
        response = problem_response(request, 503, detail)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "30"
    return response
