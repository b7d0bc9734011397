from django.urls import path

from profiles import views
from publications import export_views
from publications.feeds import PersonPublicationsFeed

app_name = "profiles"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path(
        "people/<slug:slug>/publications.<citefmt:fmt>",
        export_views.person_export,
        name="person-export",
    ),
    path("people/<slug:slug>/publications.atom", PersonPublicationsFeed(), name="person-feed"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
]
