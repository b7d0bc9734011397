import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.discovery import SITEMAPS, robots_txt, sitemap_section
from config.views import healthz
from core.media import serve_media

admin.site.site_header = format_lazy(_("{site} administration"), site=settings.SITE_NAME)
admin.site.site_title = settings.SITE_NAME

handler500 = "config.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_section, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("api/", include("config.api_urls")),
]
# Visitors' pages carry their language (/en/…, /fr/…); an address without one answers
# 301 to the visitor's language (core.i18n.LanguageMiddleware).
urlpatterns += i18n_patterns(
    path("", include("publications.urls")),
    path("me/<slug:slug>/publications/", include("publications.selfservice.urls")),
    path("", include("profiles.selfservice.urls")),
    path("", include("profiles.urls")),
)
if settings.SERVE_MEDIA:
    urlpatterns.append(
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$",
            serve_media,
        )
    )
