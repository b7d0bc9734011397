from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from config.discovery import SITEMAPS, robots_txt
from config.views import healthz

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("publications/", include("publications.urls")),
    path("", include("profiles.urls")),
]
