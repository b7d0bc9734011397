import sys

from django.db import connection
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

from core.caching import cache_is_up
from core.observability import service_unavailable


@never_cache
def healthz(request):
    """503 when the database does not answer; 200 otherwise, "degraded" when the cache
    does not: every answer is still given, only slower, so the app stays in service."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    cache_up = cache_is_up()
    return JsonResponse(
        {
            "status": "ok" if cache_up else "degraded",
            "database": "up",
            "cache": "up" if cache_up else "down",
        }
    )


def server_error(request):
    """The 500 handler: a lost database still answers 503, whatever layer noticed it."""
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        return service_unavailable(request)
    return HttpResponseServerError(render_to_string("500.html"))
