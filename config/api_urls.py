"""The JSON API under /api/: resources, schema and docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from core.api.conventions import not_found
from profiles.api import SLUG_REGEX, TopicViewSet
from profiles.selfservice.api import MePeopleView, MePersonView, MeView
from publications.api import PersonViewSet, PublicationViewSet

app_name = "api"

router = SimpleRouter()
router.register("people", PersonViewSet, basename="person")
router.register("publications", PublicationViewSet, basename="publication")
router.register("topics", TopicViewSet, basename="topic")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("me/", MeView.as_view(), name="me"),
    path("me/people/", MePeopleView.as_view(), name="me-people"),
    re_path(rf"^me/people/(?P<slug>{SLUG_REGEX})/$", MePersonView.as_view(), name="me-person"),
    path("", include(router.urls)),
    re_path(r"^[\s\S]*$", not_found),  # [\s\S]: a newline in the path is ours too
]
