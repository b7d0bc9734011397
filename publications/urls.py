from django.urls import path

from publications import views

app_name = "publications"
urlpatterns = [
    path("", views.publication_list, name="list"),
    path("<int:pk>/", views.publication_detail, name="detail-short"),
    path("<int:pk>/<slug:slug>/", views.publication_detail, name="detail"),
]
