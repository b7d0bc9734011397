from django.urls import path

from profiles.selfservice import account_views, orcid, views

app_name = "selfservice"
urlpatterns = [
    path("account/", account_views.account, name="account"),
    path("account/sign-in/", account_views.login_view, name="login"),
    path("account/sign-out/", account_views.logout_view, name="logout"),
    path("account/orcid/", orcid.start, name="orcid-start"),
    path("account/orcid/done/", orcid.callback, name="orcid-callback"),
    path("account/invitation/<str:token>/", account_views.accept, name="accept-invitation"),
    path("account/password/", account_views.password_change, name="password-change"),
    path(
        "account/password/done/",
        account_views.password_change_done,
        name="password-change-done",
    ),
    path("account/password/reset/", account_views.password_reset, name="password-reset"),
    path(
        "account/password/reset/sent/",
        account_views.password_reset_done,
        name="password-reset-done",
    ),
    path(
        "account/password/reset/<uidb64>/<token>/",
        account_views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path(
        "account/password/reset/done/",
        account_views.password_reset_complete,
        name="password-reset-complete",
    ),
    path("account/email/", account_views.email_change, name="email-change"),
    path("account/email/<str:token>/", account_views.email_confirm, name="email-confirm"),
    path("me/", views.home, name="home"),
    path("me/<slug:slug>/", views.profile, name="profile"),
    path("me/<slug:slug>/delegates/", views.delegates, name="delegates"),
    path(
        "me/<slug:slug>/delegates/<int:pk>/remove/",
        views.remove_delegate,
        name="remove-delegate",
    ),
]
