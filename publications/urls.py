from django.urls import include, path

from publications import export_views, person_views, views
from publications.feeds import NewPublicationsFeed, PersonPublicationsFeed

app_name = "publications"
list_patterns = [
    path("", views.publication_list, name="list"),
    path("<int:pk>/", views.publication_detail, name="detail-short"),
    path("<int:pk>/<slug:slug>/", views.publication_detail, name="detail"),
    path("<int:pk>/cite.<citefmt:fmt>", export_views.publication_export, name="cite"),
    path("export.<citefmt:fmt>", export_views.list_export, name="export"),
    path("feed.atom", NewPublicationsFeed(), name="feed"),
]
urlpatterns = [
    path("publications/", include(list_patterns)),
    # A person's publications, beside their profile's address.
    path(
        "people/<slug:slug>/publications.<citefmt:fmt>",
        export_views.person_export,
        name="person-export",
    ),
    path("people/<slug:slug>/publications.atom", PersonPublicationsFeed(), name="person-feed"),
    path("network/", views.institute_network, name="network"),
    path(
        "people/<slug:slug>/publications/<int:year>/",
        person_views.person_year,
        name="person-year",
    ),
    path(
        "people/<slug:slug>/publications/undated/",
        person_views.person_year,
        name="person-undated",
    ),
]
