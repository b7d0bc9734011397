from django.urls import path

from profiles import views

app_name = "profiles"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic-detail"),
]
