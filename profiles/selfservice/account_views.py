"""Accounts: accept an invitation, sign in and out, reset the password, change the email.

Django's own auth views, with the site's templates: they cover signing in (through
authenticate(), so axes throttles it), the password reset by email and the password
change; an invitation and an email change are two small signed links of our own.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from profiles.selfservice import mail, orcid
from profiles.selfservice.forms import EmailChangeForm, SetPasswordForm
from profiles.selfservice.services import accept_invitation
from profiles.selfservice.tokens import (
    BadLink,
    email_change_token,
    read_email_change,
    read_invitation,
)

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class LoginView(auth_views.LoginView):
    template_name = "selfservice/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "orcid": orcid.configured()}


login_view = LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view(
    template_name="selfservice/form_page.html",
    success_url=reverse_lazy("selfservice:password-change-done"),
    extra_context={"title": _("Change your password"), "submit": _("Change password")},
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="selfservice/message_page.html",
    extra_context={"title": _("Password changed"), "text": _("Your new password is in use.")},
)
password_reset = auth_views.PasswordResetView.as_view(
    template_name="selfservice/form_page.html",
    email_template_name="selfservice/email/password_reset.txt",
    html_email_template_name="selfservice/email/password_reset.html",
    subject_template_name="selfservice/email/password_reset.subject.txt",
    success_url=reverse_lazy("selfservice:password-reset-done"),
    extra_context={
        "title": _("Reset your password"),
        "submit": _("Email me a link"),
        "intro": _(
            "Give the email address of your account; we send it a link to set a new password."
        ),
    },
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="selfservice/message_page.html",
    extra_context={
        "title": _("Check your email"),
        "text": _("If an account uses that address, a link to set a new password is on its way."),
    },
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="selfservice/form_page.html",
    success_url=reverse_lazy("selfservice:password-reset-complete"),
    extra_context={"title": _("Set a new password"), "submit": _("Set password")},
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="selfservice/message_page.html",
    extra_context={"title": _("Password set"), "text": _("Sign in with your new password.")},
)


def _refused(request, error):
    context = {"title": gettext("This link cannot be used"), "text": str(error)}
    return render(request, "selfservice/message_page.html", context, status=400)


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept(request, token):
    """Set a first password from an invitation, then land on the profile editor."""
    try:
        invitation = read_invitation(token)
    except BadLink as error:
        return _refused(request, error)
    form = SetPasswordForm(
        request.POST if request.method == "POST" else None, email=invitation.email
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(invitation=invitation, password=form.cleaned_data["password1"])
        except BadLink as error:
            return _refused(request, error)
        login(request, user, backend=MODEL_BACKEND)
        messages.success(request, gettext("Welcome! Your account is ready; this is your profile."))
        return redirect("selfservice:profile", invitation.person.slug)
    context = {
        "title": gettext("Welcome, %(name)s") % {"name": invitation.person.full_name},
        "intro": gettext("Choose a password for your account, %(email)s.")
        % {"email": invitation.email},
        "form": form,
        "submit": gettext("Set password and continue"),
    }
    return render(
        request, "selfservice/form_page.html", context, status=400 if form.errors else 200
    )


@login_required
@sensitive_post_parameters("password")
def email_change(request):
    form = EmailChangeForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        new = form.cleaned_data["email"]
        token = email_change_token(request.user, new)
        url = request.build_absolute_uri(reverse("selfservice:email-confirm", args=[token]))
        context = {"user": request.user, "url": url, "hours": settings.EMAIL_CHANGE_HOURS}
        mail.send("email_change", [new], context)
        messages.info(
            request,
            gettext("We sent a link to %(email)s; follow it to confirm the change.")
            % {"email": new},
        )
        return redirect("selfservice:account")
    context = {
        "title": gettext("Change your email address"),
        "intro": gettext("Your address now is %(email)s. The new one must be confirmed.")
        % {"email": request.user.email},
        "form": form,
        "submit": gettext("Send confirmation link"),
    }
    return render(
        request, "selfservice/form_page.html", context, status=400 if form.errors else 200
    )


@login_required
def email_confirm(request, token):
    user = request.user
    try:
        new = read_email_change(token, user)
    except BadLink as error:
        return _refused(request, error)
    if request.method != "POST":
        context = {
            "title": gettext("Confirm your new email address"),
            "intro": gettext("Use %(email)s from now on?") % {"email": new},
            "submit": gettext("Confirm"),
        }
        return render(request, "selfservice/form_page.html", context)
    if user.username.casefold() == user.email.casefold():
        user.username = new  # the address is also the name to sign in with
    user.email = new
    user.save(update_fields=["username", "email"])
    messages.success(request, gettext("Your email address is now %(email)s.") % {"email": new})
    return redirect("selfservice:account")


@login_required
def account(request):
    return render(request, "selfservice/account.html", {"section": "account"})
