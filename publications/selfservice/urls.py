"""Under /me/<slug>/publications/."""

from django.urls import path

from publications.selfservice import views

app_name = "mypublications"
urlpatterns = [
    path("", views.publication_list, name="list"),
    path("add/", views.add_bibtex, name="add"),
    path("<int:pk>/not-mine/", views.not_mine, name="not-mine"),
]
