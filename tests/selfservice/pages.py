"""Every self-service page in each of its states, for the HTML and accessibility checks."""

from django.test import Client, override_settings
from django.urls import reverse

from profiles.selfservice.models import Invitation
from profiles.selfservice.services import submit_changes
from profiles.selfservice.tokens import invitation_token
from publications.models import Authorship
from tests.factories import make_person, make_publication, make_topic
from tests.selfservice.factories import make_researcher, make_user

BIBTEX = "@article{a, author={Lovelace, Ada}, title={Sketch of the Engine}, year={1843}}"


def self_service_pages():
    """(name, html) of each page a researcher sees, with errors and notices."""
    make_topic("Graphs")
    ada, user = make_researcher(position="Lecturer")
    paper = make_publication("Notes on the engine", authors=[ada, make_person("Bob Kahn")])
    entry = Authorship.objects.get(person=ada, publication=paper)
    # A featured choice waits too, so that My publications shows its notice.
    with override_settings(SELF_SERVICE_REVIEWED_FIELDS=["position", "featured"]):
        submit_changes(
            person=ada, user=user, values={"position": "Professor", "featured": [entry.pk]}
        )
    carol = make_person("Carol Shaw", has_profile=True)
    invitation = Invitation.objects.create(person=carol, email="carol@example.org")
    token = invitation_token(invitation)
    make_user("helper@example.org")

    visitor, researcher, stranger = Client(), Client(), Client()
    researcher.force_login(user)
    stranger.force_login(make_user("nobody@example.org"))
    slug = ada.slug
    requests = [
        ("login", visitor, "get", reverse("selfservice:login"), {}),
        ("login-error", visitor, "post", reverse("selfservice:login"), {"username": "x"}),
        ("password-reset", visitor, "get", reverse("selfservice:password-reset"), {}),
        ("password-reset-sent", visitor, "get", reverse("selfservice:password-reset-done"), {}),
        (
            "password-reset-invalid",
            visitor,
            "get",
            reverse("selfservice:password-reset-confirm", args=["MQ", "set-password"]),
            {},
        ),
        ("invitation", visitor, "get", reverse("selfservice:accept-invitation", args=[token]), {}),
        (
            "invitation-errors",
            visitor,
            "post",
            reverse("selfservice:accept-invitation", args=[token]),
            {"password1": "1", "password2": "2"},
        ),
        (
            "invitation-bad",
            visitor,
            "get",
            reverse("selfservice:accept-invitation", args=["forged"]),
            {},
        ),
        ("account", researcher, "get", reverse("selfservice:account"), {}),
        ("email-change", researcher, "get", reverse("selfservice:email-change"), {}),
        (
            "email-change-errors",
            researcher,
            "post",
            reverse("selfservice:email-change"),
            {"email": "bad"},
        ),
        ("password-change", researcher, "get", reverse("selfservice:password-change"), {}),
        ("home-empty", stranger, "get", reverse("selfservice:home"), {}),
        ("profile", researcher, "get", reverse("selfservice:profile", args=[slug]), {}),
        (
            "profile-errors",
            researcher,
            "post",
            reverse("selfservice:profile", args=[slug]),
            {"homepage": "bad", "orcid": "0000", "new_topics": "graphs"},
        ),
        ("delegates", researcher, "get", reverse("selfservice:delegates", args=[slug]), {}),
        (
            "delegates-errors",
            researcher,
            "post",
            reverse("selfservice:delegates", args=[slug]),
            {"email": "nobody@nowhere.example"},
        ),
        ("publications", researcher, "get", reverse("mypublications:list", args=[slug]), {}),
        (
            "publications-errors",
            researcher,
            "post",
            reverse("mypublications:list", args=[slug]),
            {f"rank_{entry.pk}": "99", f"printed_{entry.pk}": ""},
        ),
        (
            "not-mine",
            researcher,
            "get",
            reverse("mypublications:not-mine", args=[slug, entry.pk]),
            {},
        ),
        ("add", researcher, "get", reverse("mypublications:add", args=[slug]), {}),
        (
            "add-report",
            researcher,
            "post",
            reverse("mypublications:add", args=[slug]),
            {"bibtex": BIBTEX, "dry_run": "on"},
        ),
        ("forbidden", stranger, "get", reverse("selfservice:profile", args=[slug]), {}),
    ]
    pages = []
    for name, browser, method, url, data in requests:
        response = getattr(browser, method)(url, data)
        assert response.status_code in (200, 400, 403), (name, response.status_code)
        pages.append((name, response.content.decode()))
    # The sign-in page with ORCID configured.
    with override_settings(ORCID_CLIENT_ID="APP-TEST", ORCID_CLIENT_SECRET="secret"):
        response = visitor.get(reverse("selfservice:login"), {"next": reverse("selfservice:home")})
    assert "Sign in with ORCID" in response.content.decode()
    pages.append(("login-orcid", response.content.decode()))
    # A page after a redirect, with its notice.
    response = researcher.post(
        reverse("selfservice:profile", args=[slug]),
        {"bio": "Hello", "position": "Professor", "new_topics": ""},
        follow=True,
    )
    pages.append(("profile-saved", response.content.decode()))
    return pages
