"""Content versions per scope (PostgreSQL, page and fragment caches on): each kind of
write changes at once the pages that show what it wrote, while an unrelated person's
kept profile and API answer stay kept; and noting a write never waits on another."""

import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import caching
from profiles.merging import merge_people
from profiles.models import MembershipPeriod
from profiles.selfservice.models import PendingRevision
from profiles.selfservice.services import decide, submit_changes
from publications.models import Authorship, Publication
from tests.factories import make_person, make_publication, make_topic
from tests.selfservice.factories import make_researcher

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("page_cache", "fragment_cache")]


def visit(client, url):
    """(the answer's text, the queries it took)."""
    return answer(client, url)[1:]


def answer(client, url):
    """(the response, its text, the queries it took)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, response.content.decode(), len(queries)


def warm(client, url):
    """The answer to `url`, kept: a second visit reads only the versions."""
    first = visit(client, url)[0]
    assert_kept(client, url, first)
    return first


def assert_kept(client, url, before):
    response, again, queries = answer(client, url)
    assert again == before
    assert response["X-Cache"] == "hit"
    assert queries == 1  # the versions only


def profile_url(person):
    return reverse("profiles:person-detail", args=[person.slug])


def api_url(person):
    return reverse("api:person-detail", args=[person.slug])


@pytest.fixture
def world(db):
    """Ada and Grace share a paper on a topic; Hedy, unrelated, has one of her own."""
    ada = make_person("Ada Lovelace", has_profile=True)
    grace = make_person("Grace Hopper", has_profile=True)
    hedy = make_person("Hedy Lamarr", has_profile=True)
    engines = make_topic("Analytical engines")
    ada.topics.add(engines)
    paper = make_publication("Compilers for everyone", authors=[ada, grace], year=2024)
    paper.topics.add(engines)
    make_publication("Frequency hopping", authors=[hedy], year=1942)
    return ada, grace, hedy, engines, paper


@pytest.fixture
def unrelated(client, world):
    """Checks that Hedy's kept profile and API answer were left kept."""
    hedy = world[2]
    kept = {url: warm(client, url) for url in (profile_url(hedy), api_url(hedy))}
    yield
    for url, before in kept.items():
        assert_kept(client, url, before)


def test_an_edit_of_someone_else_leaves_a_kept_profile_kept(client, world):
    ada, grace, hedy, _, _ = world
    before = warm(client, profile_url(hedy))
    directory = warm(client, reverse("profiles:directory"))
    ada.position = "Countess and analyst"
    ada.save()
    Publication.objects.filter(authorships__person=grace).update(title="Compilers, revised")
    assert_kept(client, profile_url(hedy), before)
    # The directory can list anyone: a write anywhere is news to it.
    assert "Countess and analyst" in visit(client, reverse("profiles:directory"))[0] != directory


def test_a_person_edit_shows_on_their_page_and_api_answer(client, world, unrelated):
    ada = world[0]
    page, answer = warm(client, profile_url(ada)), warm(client, api_url(ada))
    ada.bio = "Wrote the first program."
    ada.save()
    assert "Wrote the first program." not in page + answer
    assert "Wrote the first program." in visit(client, profile_url(ada))[0]
    assert "Wrote the first program." in visit(client, api_url(ada))[0]


def test_a_new_name_shows_on_co_authors_pages_and_topic_pages(client, world):
    ada, grace, _, engines, _ = world
    topic_url = reverse("profiles:topic-detail", args=[engines.slug])
    warm(client, profile_url(ada)), warm(client, topic_url)
    grace.full_name = "Rear Admiral Grace Hopper"
    grace.save()
    assert "Rear Admiral Grace Hopper" in visit(client, profile_url(ada))[0]
    assert "Rear Admiral Grace Hopper" in visit(client, topic_url)[0]


def test_a_publication_edit_shows_on_its_authors_and_topic_pages(client, world, unrelated):
    ada, grace, _, engines, paper = world
    urls = [profile_url(ada), profile_url(grace), api_url(grace)]
    urls.append(reverse("profiles:topic-detail", args=[engines.slug]))
    for url in urls:
        warm(client, url)
    paper.title = "Compilers for all"
    paper.save()
    for url in urls:
        assert "Compilers for all" in visit(client, url)[0]


def test_an_added_publication_shows_on_its_authors_pages(client, world, unrelated):
    ada, grace = world[:2]
    warm(client, profile_url(grace)), warm(client, api_url(ada))
    make_publication("Sketch of the engine", authors=[ada, grace], year=2025)
    assert "Sketch of the engine" in visit(client, profile_url(grace))[0]
    assert "Sketch of the engine" in visit(client, api_url(ada))[0]


def test_a_deleted_publication_leaves_its_authors_and_topic_pages(client, world, unrelated):
    ada, grace, _, engines, paper = world
    urls = [profile_url(ada), api_url(grace), reverse("profiles:topic-detail", args=[engines.slug])]
    for url in urls:
        assert "Compilers for everyone" in warm(client, url)
    paper.delete()
    for url in urls:
        assert "Compilers for everyone" not in visit(client, url)[0]


def test_a_new_byline_shows_on_the_new_author_and_the_co_authors_pages(client, world, unrelated):
    ada, _, _, _, paper = world
    alan = make_person("Alan Turing", has_profile=True)
    warm(client, profile_url(ada)), warm(client, profile_url(alan))
    Authorship.objects.create(publication=paper, person=alan, position=3, name_as_printed="A. T.")
    assert "Alan Turing" in visit(client, profile_url(ada))[0]  # a new co-author
    assert "Compilers for everyone" in visit(client, profile_url(alan))[0]


def test_a_byline_moved_away_leaves_the_old_author_page(client, world, unrelated):
    ada, grace, _, _, paper = world
    alan = make_person("Alan Turing", has_profile=True)
    assert "Compilers for everyone" in warm(client, profile_url(grace))
    Authorship.objects.filter(publication=paper, person=grace).update(person=alan)
    assert "Compilers for everyone" not in visit(client, profile_url(grace))[0]
    assert "Compilers for everyone" in visit(client, profile_url(alan))[0]


def test_a_topic_edit_shows_on_its_page_and_its_people_pages(client, world, unrelated):
    ada, grace, _, engines, _ = world
    topic_url = reverse("profiles:topic-detail", args=[engines.slug])
    # Ada lists it among her topics, Grace's answer on the paper they share.
    urls = [profile_url(ada), api_url(grace), topic_url]
    for url in urls:
        warm(client, url)
    engines.name = "Difference engines"
    engines.save()
    for url in urls:
        assert "Difference engines" in visit(client, url)[0], url


def test_a_merge_shows_on_the_kept_person_and_the_co_authors_pages(client, world):
    ada, grace, *_ = world
    twin = make_person("A. Lovelace", has_profile=True)
    make_publication("Notes on the engine", authors=[twin, grace], year=1843)
    warm(client, profile_url(ada)), warm(client, profile_url(grace))
    merge_people(keep=ada, other=twin)
    assert "Notes on the engine" in visit(client, profile_url(ada))[0]
    grace_page = visit(client, profile_url(grace))[0]
    assert f'href="{profile_url(twin)}"' not in grace_page  # the co-author is Ada now
    assert grace_page.count(f'href="{profile_url(ada)}"') > 1


def test_a_membership_period_shows_on_the_profile(client, world, unrelated):
    ada = world[0]
    assert "2019–2023" not in warm(client, profile_url(ada))
    for start, end in ((2019, 2023), (2023, None)):
        MembershipPeriod.objects.create(
            person=ada,
            membership="phd" if end else "postdoc",
            start=datetime.date(start, 1, 1),
            end=end and datetime.date(end, 1, 1),
        )
    assert "2019–2023" in visit(client, profile_url(ada))[0]  # the history, on the profile


def test_an_approved_revision_shows_on_the_profile(client, world, django_user_model):
    ada, user = make_researcher("Alan Turing", position="Reader")
    hedy = world[2]
    hedy_page = warm(client, profile_url(hedy))
    warm(client, profile_url(ada))
    submit_changes(person=ada, user=user, values={"position": "Professor"})
    editor = django_user_model.objects.create_superuser("chief", "chief@example.org", "pw")
    decide(revision=PendingRevision.objects.get(person=ada), editor=editor, approve=True)
    assert "Professor" in visit(client, profile_url(ada))[0]
    assert_kept(client, profile_url(hedy), hedy_page)


def test_an_import_shows_on_the_pages_of_the_people_it_names(client, world, tmp_path, unrelated):
    ada = world[0]
    warm(client, profile_url(ada))
    bibtex = tmp_path / "refs.bib"
    bibtex.write_text(
        "@article{n, title = {Notes by the translator}, author = {Lovelace, Ada}, year = 1843}"
    )
    call_command("import_bibtex", str(bibtex), stdout=io.StringIO())
    assert "Notes by the translator" in visit(client, profile_url(ada))[0]


def test_a_truncate_makes_every_kept_answer_new(client, world):
    hedy = world[2]
    warm(client, profile_url(hedy))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE profiles_namevariant")
    assert visit(client, profile_url(hedy))[1] > 1


@pytest.mark.django_db(transaction=True)
def test_writers_never_wait_on_each_other_and_versions_move_at_commit(client):
    """A long write holds nothing another write needs: an unrelated edit commits while
    it is open (a lock wait would fail at once), and each one's version moves when it
    commits, not before."""
    ada = make_person("Ada Lovelace", has_profile=True)
    hedy = make_person("Hedy Lamarr", has_profile=True)
    make_publication("Frequency hopping", authors=[hedy])
    written, finish, failures = threading.Event(), threading.Event(), []

    def long_import():
        try:
            with transaction.atomic():
                make_publication("A long import", authors=[ada])
                written.set()
                finish.wait(10)
        except Exception as error:  # reported in the main thread
            failures.append(error)
        finally:
            connections.close_all()

    before = warm(client, profile_url(ada))
    worker = threading.Thread(target=long_import)
    worker.start()
    try:
        assert written.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '200ms'")
            hedy.position = "Inventor"
            hedy.save()
        assert "Inventor" in visit(client, profile_url(hedy))[0]
        assert_kept(client, profile_url(ada), before)  # the open import shows nowhere yet
    finally:
        finish.set()
        worker.join()
    assert failures == []
    assert "A long import" in visit(client, profile_url(ada))[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM rd_scope_change")
        assert cursor.fetchone() == (0,)  # each commit folded its notes into the counts


@pytest.mark.django_db(transaction=True)
def test_folding_the_notes_into_the_counts_leaves_every_version_as_it_was():
    ada = make_person("Ada Lovelace", has_profile=True)
    scopes = [caching.person_scope(ada.pk), "names"]
    before = caching.versions(RequestFactory().get("/"), scopes)
    with connection.cursor() as cursor:
        # A write outside Django: noted by the triggers, not folded after commit.
        cursor.execute("UPDATE profiles_person SET bio = 'Poet' WHERE id = %s", [ada.pk])
        noted = caching.versions(RequestFactory().get("/"), scopes)
        cursor.execute("SELECT count(*) FROM rd_scope_change")
        assert cursor.fetchone()[0] > 0
        cursor.execute("SELECT rd_compact_scope_changes()")
        cursor.execute("SELECT count(*) FROM rd_scope_change")
        assert cursor.fetchone() == (0,)
    assert noted != before
    assert caching.versions(RequestFactory().get("/"), scopes) == noted
