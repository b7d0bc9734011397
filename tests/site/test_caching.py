"""Every cache key starts with the release id: a new release keeps nothing of the old."""

import pytest
from django.test import RequestFactory, override_settings
from django.utils import translation

from core import caching


@pytest.fixture
def release(settings):
    """Set RELEASE_ID (as a deploy does) for the test, with a clean cache.

    Ask for it after fragment_cache: its setting is undone when the test ends, putting
    back the settings it found, which must not be fragment_cache's, already undone."""

    def switch(name):
        caching.release_id.cache_clear()
        settings.RELEASE_ID = name

    yield switch
    caching.release_id.cache_clear()


def test_a_new_release_recomputes_what_the_old_one_kept(fragment_cache, release):
    calls = []

    def compute(data):
        calls.append(data)
        return f"<p>{data}</p>"

    release("one")
    assert caching.memoised("markup", "x", compute) == "<p>x</p>"
    assert caching.memoised("markup", "x", compute) == "<p>x</p>"
    assert calls == ["x"]
    release("two")
    caching.memoised("markup", "x", compute)
    assert calls == ["x", "x"]


@pytest.mark.postgres
def test_a_fragment_kept_by_one_release_is_not_served_by_the_next(fragment_cache, release, db):
    request = RequestFactory().get("/")
    release("one")
    assert caching.versioned(request, "part", lambda: "old markup") == "old markup"
    assert caching.versioned(request, "part", lambda: "never asked") == "old markup"
    release("two")
    assert caching.versioned(request, "part", lambda: "new markup") == "new markup"


def test_without_a_setting_the_release_is_a_hash_of_code_and_templates(release, tmp_path):
    release("")
    derived = caching.release_id()
    assert len(derived) == 12 and derived == caching.release_id()
    other = tmp_path / "templates"
    other.mkdir()
    (other / "page.html").write_text("<p>a change of markup</p>")
    caching.release_id.cache_clear()
    with override_settings(BASE_DIR=tmp_path):
        assert caching.release_id() != derived


def test_every_key_names_the_release_the_language_and_the_layer(release):
    release("r42")
    assert caching.key("fragment", 7, "profile:3") == "r42:en:fragment:7:profile:3"
    with translation.override("fr"):
        assert caching.key("fragment", 7, "profile:3") == "r42:fr:fragment:7:profile:3"


def test_a_changed_catalogue_is_a_new_release(release, tmp_path):
    release("")
    with override_settings(BASE_DIR=tmp_path):
        before = caching.release_id()
        catalogue = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"
        catalogue.parent.mkdir(parents=True)
        catalogue.write_text('msgid "People"\nmsgstr "Personnes"\n')
        caching.release_id.cache_clear()
        assert caching.release_id() != before
