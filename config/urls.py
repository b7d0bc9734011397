from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.views import healthz

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME

handler500 = "config.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("publications/", include("publications.urls")),
    path("", include("profiles.urls")),
]
