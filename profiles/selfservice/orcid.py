"""Sign in with ORCID: OAuth 2.0 authorization code, for accounts that exist already.

A small client rather than django-allauth: allauth brings its own account and email
models, middleware, templates and sign-up flow, while all this needs is two requests
(the authorize redirect and the token exchange, whose answer names the ORCID iD) and
the lookup of the person who has that iD and an account. Strangers never get one.
Every failure counts with axes under the user name "orcid" and the address, so an
address that fails AXES_FAILURE_LIMIT times is locked out of it as of passwords.
"""

import secrets
from urllib.parse import urlencode

import httpx
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib.auth import get_user_model, login, user_login_failed
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from profiles.identifiers import normalise_orcid
from profiles.models import Person

STATE_KEY, NEXT_KEY = "orcid_state", "orcid_next"
CREDENTIALS = {"username": "orcid"}  # what axes counts failures under, with the address
BACKEND = "profiles.selfservice.orcid.OrcidBackend"


def configured():
    return bool(settings.ORCID_CLIENT_ID and settings.ORCID_CLIENT_SECRET)


class OrcidBackend(BaseBackend):
    """The active account of the person whose ORCID iD ORCID vouched for."""

    def authenticate(self, request, orcid=None, **kwargs):
        if orcid is None:
            return None
        person = Person.objects.filter(orcid=orcid, account__user__is_active=True).first()
        return person.account.user if person else None

    def get_user(self, user_id):
        return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def _callback_url(request):
    return request.build_absolute_uri(reverse("selfservice:orcid-callback"))


@never_cache
def start(request):
    """Send the visitor to ORCID with a fresh state to come back with."""
    if not configured():
        raise Http404
    state = secrets.token_urlsafe(32)
    request.session[STATE_KEY] = state
    next_url = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    request.session[NEXT_KEY] = next_url if safe else ""
    query = urlencode(
        {
            "client_id": settings.ORCID_CLIENT_ID,
            "response_type": "code",
            "scope": "/authenticate",
            "redirect_uri": _callback_url(request),
            "state": state,
        }
    )
    return redirect(f"{settings.ORCID_URL}/oauth/authorize?{query}")


def _refused(request, text, status):
    context = {"title": gettext("Sign-in with ORCID did not work"), "text": text}
    return render(request, "selfservice/message_page.html", context, status=status)


def _failed(request, text, status=400):
    user_login_failed.send(sender=__name__, credentials=CREDENTIALS, request=request)
    if getattr(request, "axes_locked_out", False):
        return get_lockout_response(request, credentials=CREDENTIALS)
    return _refused(request, text, status)


def _exchange(request, code):
    """The ORCID iD the token endpoint answers for `code`, or None when it refuses."""
    response = httpx.post(
        f"{settings.ORCID_URL}/oauth/token",
        data={
            "client_id": settings.ORCID_CLIENT_ID,
            "client_secret": settings.ORCID_CLIENT_SECRET,
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": _callback_url(request),
        },
        headers={"Accept": "application/json"},
        timeout=settings.ORCID_TIMEOUT,
    )
    if response.status_code != 200:
        return None
    try:
        return normalise_orcid(str(response.json().get("orcid", "")))
    except (ValueError, AttributeError, ValidationError):
        return None


@never_cache
def callback(request):
    """Where ORCID sends the visitor back: check the state, ask for the iD, sign in."""
    if not configured():
        raise Http404
    if not AxesProxyHandler.is_allowed(request, CREDENTIALS):
        return get_lockout_response(request, credentials=CREDENTIALS)
    expected = request.session.pop(STATE_KEY, None)
    next_url = request.session.pop(NEXT_KEY, "")
    state = request.GET.get("state", "")
    if not expected or not secrets.compare_digest(state.encode(), expected.encode()):
        return _failed(
            request,
            gettext("This sign-in did not start here, or it was used already; start again."),
        )
    if request.GET.get("error") or not request.GET.get("code"):
        # The visitor said no at ORCID, or ORCID sent no code: nothing to count.
        return _refused(request, gettext("ORCID did not confirm the sign-in."), 400)
    try:
        orcid = _exchange(request, request.GET["code"])
    except httpx.HTTPError:
        return _refused(request, gettext("ORCID cannot be reached just now; try again later."), 502)
    if orcid is None:
        return _failed(request, gettext("ORCID refused the sign-in; start again."))
    # Not django's authenticate(): its failure signal would count a second time.
    user = OrcidBackend().authenticate(request, orcid=orcid)
    if user is None:
        return _failed(
            request,
            gettext(
                "No account here belongs to the ORCID iD %(orcid)s. Sign in with your "
                "password and add the iD to your profile, or ask an editor for an invitation."
            )
            % {"orcid": orcid},
            status=403,
        )
    login(request, user, backend=BACKEND)
    return redirect(next_url or reverse("selfservice:home"))
