from django.urls import path

from publications import export_views, views
from publications.feeds import NewPublicationsFeed

app_name = "publications"
urlpatterns = [
    path("", views.publication_list, name="list"),
    path("<int:pk>/", views.publication_detail, name="detail-short"),
    path("<int:pk>/<slug:slug>/", views.publication_detail, name="detail"),
    path("<int:pk>/cite.<citefmt:fmt>", export_views.publication_export, name="cite"),
    path("export.<citefmt:fmt>", export_views.list_export, name="export"),
    path("feed.atom", NewPublicationsFeed(), name="feed"),
]
