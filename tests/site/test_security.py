"""Security headers on every URL, strict CSP, cookies, login throttling, the Editor group."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.templatetags.static import static
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from profiles.models import Person
from publications.models import Publication
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db

HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
}

# Inline styles in third-party templates; the policy blocks them and nothing depends on them.
THIRD_PARTY_STYLES = {"border-top: 0"}  # simple_history's history list paginator


def _seed():
    topic = make_topic("Deep Learning")
    ada = make_person("Ada Lovelace", has_profile=True)
    ada.topics.add(topic)
    bob = make_person("Bob Kahn")
    publication = make_publication("Notes on the engine", authors=[ada, bob], year=1843)
    publication.topics.add(topic)
    return {"person": ada, "topic": topic, "publication": publication}


def _walk(patterns, prefix="", namespace=None):
    """(route regex, name, default kwargs) for every pattern of the URLconf."""
    for entry in patterns:
        route = prefix + str(entry.pattern.regex.pattern).lstrip("^")
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry.url_patterns, route.rstrip("$"), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield route, name


def _value_for(group, route, seed):
    """A real value for a URL parameter, picked from the seeded records."""
    model = Publication
    if "profiles/person" in route or "people" in route or "person" in route:
        model = Person
    if group in {"object_id", "pk", "id"}:
        record = seed["person"] if model is Person else seed["publication"]
        if "topic" in route:
            record = seed["topic"]
        return str(record.pk)
    if group == "slug":
        if "topic" in route:
            return seed["topic"].slug
        if model is Publication:
            return seed["publication"].slug
        return seed["person"].slug
    if group == "app_label":
        return "profiles"
    if group == "content_type_id":
        return str(ContentType.objects.get_for_model(Person).pk)
    if group == "version_id":
        record = seed["person"] if model is Person else seed["publication"]
        if "topic" in route:
            record = seed["topic"]
        return str(record.history.first().history_id)
    return "1"


def every_url(seed):
    """One concrete URL per pattern, with its parameters filled from seeded data."""
    urls = []
    for route, _name in _walk(get_resolver().url_patterns):
        path = route.rstrip("$").replace("\\Z", "")
        path = re.sub(
            r"\(\?P<(\w+)>[^)]*\)",
            lambda m, route=route: _value_for(m.group(1), route, seed),
            path,
        )
        # Unnamed groups (simple_history's version URL): an object id, then a version id.
        unnamed = iter(["object_id", "version_id", "pk"])
        path = re.sub(
            r"\(\[\^/\]\+\)",
            lambda m, route=route, names=unnamed: _value_for(next(names), route, seed),
            path,
        )
        urls.append("/" + path.replace("^", "").replace("\\", ""))
    return sorted(set(urls))


def _check_headers(response, url):
    for header, value in HEADERS.items():
        assert response.headers.get(header) == value, (url, header, response.headers)
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
        if part.strip()
    )
    for directive, value in CSP_DIRECTIVES.items():
        assert policy[directive] == value, (url, directive, policy)
    assert "unsafe-inline" not in policy["script-src"]
    assert "unsafe-eval" not in policy["script-src"]


def _check_nothing_inline(response, url):
    if "html" not in response.headers.get("Content-Type", ""):
        return
    soup = BeautifulSoup(response.content, "html.parser")
    for script in soup.find_all("script"):
        executable = script.get("type", "text/javascript") in {"text/javascript", "module"}
        assert script.get("src") or not executable, (url, str(script)[:200])
    # style-src 'self' blocks inline styles too: they would silently not apply.
    assert not soup.find_all("style"), url
    for tag in soup.find_all(True):
        handlers = [attr for attr in tag.attrs if attr.lower().startswith("on")]
        assert not handlers, (url, tag.name, handlers)
        style = tag.get("style")
        assert style is None or style in THIRD_PARTY_STYLES, (url, str(tag)[:200])
        assert not tag.get("href", "").lower().startswith("javascript:"), (url, str(tag)[:200])


def test_every_url_sends_the_security_headers_to_visitors_and_editors(client, editor):
    seed = _seed()
    urls = every_url(seed)
    assert len(urls) >= 30, urls  # the public pages and the whole admin
    editor_client = Client()
    editor_client.force_login(editor)
    seen = {}
    for who, browser in [("visitor", client), ("editor", editor_client)]:
        for url in urls:
            response = browser.get(url, secure=True)
            assert response.status_code < 500, (who, url, response.status_code)
            _check_headers(response, url)
            _check_nothing_inline(response, url)
            seen[(who, url)] = response.status_code
    assert seen[("visitor", seed["person"].get_absolute_url())] == 200
    assert seen[("editor", reverse("admin:profiles_person_changelist"))] == 200
    assert seen[("editor", reverse("admin:publications_publication_quality"))] == 200


def test_not_found_and_redirect_answers_carry_the_headers_too(client):
    for url in ["/no/such/page/", reverse("publications:detail-short", args=[999999]), "/admin/"]:
        response = client.get(url, secure=True)
        assert response.status_code in {302, 404}
        _check_headers(response, url)


def test_static_files_and_304_answers_carry_the_headers_too(client, settings):
    settings.REQUEST_MAX_BYTES = 10
    publication = make_publication("Notes")
    answers = {}
    for name, url in [
        ("static", static("css/site.css")),
        ("page", publication.get_absolute_url()),
        ("api", f"/api/publications/{publication.pk}/"),
    ]:
        first = client.get(url, secure=True)
        again = client.get(url, secure=True, HTTP_IF_NONE_MATCH=first["ETag"])
        answers[name] = (first.status_code, again.status_code)
        _check_headers(first, url)
        _check_headers(again, url)
    too_large = client.post(reverse("selfservice:login"), {"username": "x" * 20}, secure=True)
    _check_headers(too_large, "413")

    assert answers == {"static": (200, 304), "page": (200, 304), "api": (200, 304)}
    assert too_large.status_code == 413


@pytest.mark.postgres
@pytest.mark.usefixtures("page_cache")
def test_answers_from_the_page_cache_and_its_304s_carry_the_headers(client):
    url = make_publication("Notes").get_absolute_url()
    first = client.get(url, secure=True)
    cached = client.get(url, secure=True)
    again = client.get(url, secure=True, HTTP_IF_NONE_MATCH=first["ETag"])

    assert (cached.status_code, again.status_code) == (200, 304)
    for response in (first, cached, again):
        _check_headers(response, url)


def test_session_and_csrf_cookies_are_secure_http_only_and_same_site(client, editor):
    response = client.get(reverse("admin:login"), secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    token = csrf.value
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": "pw", "csrfmiddlewaretoken": token},
        secure=True,
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def _login(client, username, password, address):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        secure=True,
    )


def test_admin_login_locks_a_user_and_address_after_five_failures(editor):
    client = Client()
    for _ in range(4):
        response = _login(client, "editor", "wrong", "10.0.0.7")
        assert response.status_code == 200
        assert "correct username and password" in response.text
    response = _login(client, "editor", "wrong", "10.0.0.7")
    assert response.status_code == 429
    # Locked now even with the right password, from that address...
    response = _login(client, "editor", "pw", "10.0.0.7")
    assert response.status_code == 429
    assert "Too many failed logins" in response.text
    _check_headers(response, "lockout")
    # ...but the same user from another address, and another user here, still log in.
    assert _login(Client(), "editor", "pw", "10.0.0.8").status_code == 302


def test_a_successful_login_resets_the_failure_count(editor):
    client = Client()
    for _ in range(4):
        _login(client, "editor", "wrong", "10.0.0.9")
    assert _login(client, "editor", "pw", "10.0.0.9").status_code == 302
    for _ in range(4):
        assert _login(Client(), "editor", "wrong", "10.0.0.9").status_code == 200


def test_test_client_login_without_a_request_still_works(client, editor):
    assert client.login(username="editor", password="pw")
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.fixture
def group_editor(django_user_model):
    user = django_user_model.objects.create_user("clara", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def test_editor_group_edits_content_but_not_users(client, group_editor, editor):
    client.force_login(group_editor)
    person = make_person("Ada Lovelace")
    publication = make_publication("Notes")
    assert client.get(reverse("admin:profiles_person_change", args=[person.pk])).status_code == 200
    assert client.get(reverse("admin:profiles_person_add")).status_code == 200
    assert (
        client.get(
            reverse("admin:publications_publication_change", args=[publication.pk])
        ).status_code
        == 200
    )
    assert client.get(reverse("admin:profiles_person_history", args=[person.pk])).status_code == 200
    assert client.get(reverse("admin:publications_publication_duplicates")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_change", args=[editor.pk])).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    response = client.post(reverse("admin:auth_user_add"), {"username": "mallory"})
    assert response.status_code == 403
    assert not group_editor.has_perm("auth.change_user")
    assert group_editor.has_perm("profiles.change_person")
    assert group_editor.has_perm("publications.delete_authorship")


def test_editor_group_reads_history_but_cannot_rewrite_it(group_editor):
    history = Permission.objects.filter(content_type__model__startswith="historical")
    held = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))
    viewing = {p.codename for p in history if p.codename.startswith("view_")}
    rewriting = {p.codename for p in history} - viewing

    assert {"view_historicalperson", "view_historicalpublication"} <= held
    assert held & rewriting == set()
    assert not group_editor.has_perm("profiles.change_historicalperson")
    assert not group_editor.has_perm("publications.delete_historicalauthorship")
    assert group_editor.has_perm("profiles.view_historicalperson")


def test_admin_path_comes_from_the_environment():
    import os
    import subprocess
    import sys

    from tests.support import ROOT

    code = "from django.urls import reverse; print(reverse('admin:index'))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={
            **os.environ,
            "ADMIN_PATH": "staff-only/",
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
        },
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().endswith("/staff-only/"), result.stderr
