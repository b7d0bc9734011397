"""Request logs, the 503 page when PostgreSQL goes away mid-request, concurrent reorders."""

import contextlib
import json
import logging
import random
import socket
import threading
import time

import pytest
from django.db import connection, connections
from django.db.models.signals import post_save, pre_save
from django.test import Client
from django.urls import reverse

from profiles.models import Person
from publications.models import Authorship, Publication
from publications.services import publication_set_authors
from tests.factories import make_person, make_publication


@pytest.mark.django_db
def test_each_request_is_logged_as_json_without_secrets(client, editor, caplog):
    caplog.set_level(logging.INFO, logger="research_directory.requests")
    caplog.set_level(logging.INFO, logger="axes")
    for password in ["hunter2-password", "pw"]:
        client.post(
            reverse("admin:login") + "?token=s3cret-token",
            {"username": "editor", "password": password},
            HTTP_AUTHORIZATION="Token abc123",
            REMOTE_ADDR="192.0.2.44",
        )
    client.get(reverse("publications:list"), HTTP_COOKIE="sessionid=cookie-value")
    records = [r for r in caplog.records if r.name == "research_directory.requests"]
    assert [(r.method, r.path, r.status) for r in records] == [
        ("POST", "/admin/login/", 200),
        ("POST", "/admin/login/", 302),
        ("GET", reverse("publications:list"), 200),
    ]
    assert [r.user_id for r in records] == [None, editor.pk, None]
    assert "AXES: New login failure by client " in caplog.text
    from core.observability import JsonFormatter

    lines = [JsonFormatter().format(r) for r in records]
    entry = json.loads(lines[0])
    assert {"time", "level", "logger", "message", "request_id", "duration_ms"} <= set(entry)
    text = "\n".join(lines) + caplog.text
    for secret in ["hunter2", "s3cret", "abc123", "cookie-value", "192.0.2.44", "'editor'"]:
        assert secret not in text, secret


class CuttableProxy:
    """A TCP proxy in a thread between the app and PostgreSQL that a test can cut."""

    def __init__(self, target):
        self.target = target
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.open = True
        self.sockets = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.open = False
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()

    def restore(self):
        self.open = True

    def close(self):
        self.cut()
        self.server.close()


@pytest.fixture
def proxied_database():
    """Points the default connection at a proxy in front of the real PostgreSQL."""
    settings_dict = connection.settings_dict
    original = (settings_dict["HOST"], settings_dict["PORT"])
    proxy = CuttableProxy((original[0] or "127.0.0.1", int(original[1] or 5432)))
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", proxy.port
    yield proxy
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = original
    proxy.close()


def _publication_form(title, people):
    data = {
        "title": title,
        "kind": "article",
        "authorships-TOTAL_FORMS": str(len(people)),
        "authorships-INITIAL_FORMS": "0",
    }
    for index, person in enumerate(people):
        data[f"authorships-{index}-person"] = str(person.pk)
        data[f"authorships-{index}-position"] = str(index + 1)
    return data


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_cut_mid_request_gives_503_no_partial_write_and_recovers(
    proxied_database, django_user_model
):
    editor = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    ada, bob = make_person("Ada Lovelace"), make_person("Bob Kahn")
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    assert client.get("/healthz").status_code == 200

    def cut_after_first_author(sender, instance, **kwargs):
        if instance.position == 1:
            proxied_database.cut()  # the publication and one author are written, not committed

    post_save.connect(cut_after_first_author, sender=Authorship)
    try:
        response = client.post(
            reverse("admin:publications_publication_add"),
            _publication_form("Half written", [ada, bob]),
        )
    finally:
        post_save.disconnect(cut_after_first_author, sender=Authorship)
    assert response.status_code == 503
    assert "Temporarily unavailable" in response.text
    assert "Nothing you sent was saved" in response.text
    assert response["Retry-After"] == "30"
    assert response.headers["Content-Security-Policy"]

    assert client.get(reverse("publications:list")).status_code == 503  # still down
    assert client.get("/healthz").status_code == 503
    assert client.get(reverse("profiles:directory")).status_code == 503

    proxied_database.restore()
    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("publications:list")).status_code == 200
    assert not Publication.objects.filter(title="Half written").exists()
    assert not Authorship.objects.exists()
    response = client.post(
        reverse("admin:publications_publication_add"), _publication_form("Written", [ada, bob])
    )
    assert response.status_code == 302
    assert Publication.objects.get(title="Written").authorships.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_reorders_never_leave_duplicate_or_missing_positions():
    people = [make_person(f"Author Number{n}") for n in range(8)]
    publication = make_publication("Many hands", authors=people)
    orders, errors = [], []
    barrier = threading.Barrier(6)

    def reorder(seed):
        rng = random.Random(seed)
        try:
            barrier.wait()
            for _ in range(5):
                order = rng.sample(people, len(people))
                publication_set_authors(publication=publication, authors=[(p, "") for p in order])
                orders.append([p.pk for p in order])
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reorder, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(orders) == 30
    byline = list(publication.authorships.values_list("position", "person_id"))
    assert [position for position, _ in byline] == list(range(1, 9))
    assert [person for _, person in byline] in orders
    assert Person.objects.count() == 8


def test_a_database_error_outside_any_view_still_gives_the_503_page(rf):
    from django.db import OperationalError

    from config.views import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert b"Temporarily unavailable" in response.content
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_merging_the_same_pair_at_once_merge_it_once():
    from profiles.merging import merge_people

    kept, other = make_person("Ada Lovelace"), make_person("A. Lovelace")
    coauthors = [make_person(f"Coauthor Number{n}") for n in range(3)]
    papers = [make_publication(f"Paper {n}", authors=[other, coauthors[n]]) for n in range(3)]
    results, barrier = [], threading.Barrier(2)

    def merge(keep, drop):
        try:
            barrier.wait()
            merge_people(keep=keep, other=drop)
            results.append("merged")
        except ValueError as error:
            results.append(str(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=merge, args=(kept, other)),
        threading.Thread(target=merge, args=(other, kept)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [
        "One of the two people no longer exists; it may be merged already.",
        "merged",
    ]
    survivor = Person.objects.get(pk__in=[kept.pk, other.pk])
    for paper in papers:
        assert [a.person for a in paper.authorships.all()][0] == survivor
        assert [a.position for a in paper.authorships.all()] == [1, 2]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admin_saves_of_one_stale_copy_at_the_same_moment_give_one_conflict(
    django_user_model,
):
    person = make_person("Ada Lovelace", bio="original")
    clients = []
    for name in ("ann", "ben"):
        user = django_user_model.objects.create_superuser(name, f"{name}@example.org", "pw")
        client = Client()
        client.force_login(user)
        clients.append(client)
    url = reverse("admin:profiles_person_change", args=[person.pk])
    token = clients[0].get(url).context["adminform"].form["edit_token"].value()
    barrier, statuses = threading.Barrier(2), {}

    def save(client, bio):
        data = {
            "full_name": "Ada Lovelace",
            "slug": person.slug,
            "bio_en": bio,
            "edit_token": token,
            "name_variants-TOTAL_FORMS": "0",
            "name_variants-INITIAL_FORMS": "0",
            "redirects-TOTAL_FORMS": "0",
            "redirects-INITIAL_FORMS": "0",
            "membership_periods-TOTAL_FORMS": "0",
            "membership_periods-INITIAL_FORMS": "0",
        }
        try:
            barrier.wait()
            statuses[bio] = client.post(url, data).status_code
        finally:
            connections.close_all()

    def slow_save(sender, instance, **kwargs):
        time.sleep(0.5)  # widens the gap between the check and the write

    threads = [
        threading.Thread(target=save, args=(client, bio))
        for client, bio in zip(clients, ["by ann", "by ben"], strict=True)
    ]
    pre_save.connect(slow_save, sender=Person)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        pre_save.disconnect(slow_save, sender=Person)
    assert sorted(statuses.values()) == [200, 302]  # one saved, one was shown the conflict
    person.refresh_from_db()
    winner = next(bio for bio, status in statuses.items() if status == 302)
    assert person.bio == winner
    assert person.history.count() == 2
