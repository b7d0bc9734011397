"""Uploaded files (portraits) served by the app itself, so that the production shape
shows them with no other server; a proxy in front may serve MEDIA_ROOT instead
(SERVE_MEDIA=0)."""

from django.conf import settings
from django.views.static import serve

# Stored files get a new generated name whenever they change: a name never shows
# other bytes, so browsers and proxies may keep them.
KEPT_FOR = 365 * 24 * 3600


def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={KEPT_FOR}, immutable"
    return response
