"""Editors' text per language: the migration that carries the English content over,
and the fallback that pages show marked with its language."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from core.i18n import path_in_language
from profiles.models import Topic
from publications.quality import quality_checks
from tests.factories import make_person, make_publication, make_topic

BEFORE = [("profiles", "0006_editors_review_names")]
AFTER = [("profiles", "0007_content_per_language")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_english_content_into_its_columns_and_back():
    old = migrate(BEFORE)
    old_topic = old.get_model("profiles", "Topic").objects.create(
        name="Robotics", slug="robotics", description="Robots."
    )
    old.get_model("profiles", "Person").objects.create(
        full_name="Ada Lovelace", slug="ada", sort_name="lovelace", position="Professor", bio="Bio."
    )
    try:
        new = migrate(AFTER)
        topic = new.get_model("profiles", "Topic").objects.get(pk=old_topic.pk)
        assert (topic.name_en, topic.name_fr) == ("Robotics", None)
        assert (topic.description_en, topic.description_fr) == ("Robots.", None)
        person = new.get_model("profiles", "Person").objects.get(slug="ada")
        assert (person.position_en, person.bio_en, person.position_fr) == (
            "Professor",
            "Bio.",
            None,
        )
        person.position_en = "Professor emeritus"
        person.save()
        old = migrate(BEFORE)
        assert old.get_model("profiles", "Person").objects.get(slug="ada").position == (
            "Professor emeritus"
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def soup(client, url, language):
    response = client.get(path_in_language(url, language))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_a_profile_shows_what_is_missing_in_french_in_english_marked_with_lang(client):
    person = make_person(
        "Ada Lovelace", has_profile=True, position="Professor", position_fr="Professeure"
    )
    person.bio = "Writes programs."
    person.save()
    person.topics.add(make_topic("Robotics", name_fr="Robotique"), make_topic("Vision"))
    page = soup(client, reverse("profiles:person-detail", args=[person.slug]), "fr")
    assert page.select_one(".profile-role").get_text(strip=True) == "Professeure"
    bio = page.select_one(".profile-side .prose")
    assert bio["lang"] == "en" and bio.get_text(strip=True) == "Writes programs."
    chips = {chip.get_text(strip=True): chip for chip in page.select(".chips .chip")}
    assert set(chips) == {"Robotique", "Vision"}
    assert chips["Robotique"].select_one("[lang]") is None
    assert chips["Vision"].select_one("span")["lang"] == "en"
    # In English nothing is foreign.
    english = soup(client, reverse("profiles:person-detail", args=[person.slug]), "en")
    assert english.select_one(".profile-role").get_text(strip=True) == "Professor"
    assert not english.select(".profile-side [lang]")


@pytest.mark.django_db
def test_a_topic_written_only_in_french_shows_it_on_an_english_page(client):
    topic = Topic.objects.create(name_fr="Apprentissage", description_fr="Sur l'apprentissage.")
    assert topic.slug == "apprentissage"
    page = soup(client, reverse("profiles:topic-detail", args=[topic.slug]), "en")
    assert page.select_one("h1 span")["lang"] == "fr"
    assert page.select_one("h1").get_text(strip=True) == "Apprentissage"
    assert page.select_one(".lede")["lang"] == "fr"
    listing = soup(client, reverse("profiles:topic-list"), "en")
    assert listing.select_one(".topic-card h2 span")["lang"] == "fr"


@pytest.mark.django_db
def test_publication_titles_and_abstracts_carry_their_language_everywhere(client):
    person = make_person("Ada Lovelace", has_profile=True)
    french = make_publication("Des réseaux", authors=[person], abstract="Un résumé.", language="fr")
    make_publication("Unknown language", authors=[person], abstract="Text.")
    detail = soup(client, french.get_absolute_url(), "en")
    assert detail.select_one("#publication-title")["lang"] == "fr"
    assert detail.select_one(".abstract-full")["lang"] == "fr"
    for url in (
        reverse("publications:list"),
        reverse("profiles:person-detail", args=[person.slug]),
    ):
        page = soup(client, url, "en")
        titles = {h.get_text(strip=True): h for h in page.select(".publication-title")}
        assert titles["Des réseaux"]["lang"] == "fr"
        assert "lang" not in titles["Unknown language"].attrs
        item = titles["Des réseaux"].find_parent("li")
        assert item.select_one(".abstract .prose")["lang"] == "fr"


@pytest.mark.django_db
def test_the_quality_page_counts_what_is_missing_per_language(editor_client):
    make_person("A", has_profile=True, position="Professor", position_fr="Professeur")
    make_person("B", has_profile=True, position="Professor")
    make_person("C", has_profile=True, bio_fr="Une bio.")
    make_person("Outside", position="Professor")  # no public profile: not counted
    make_topic("Robotics")
    make_publication("Unknown")
    make_publication("Known", language="en")
    missing = {
        (str(label), language): n for label, language, n in quality_checks()["missing_translations"]
    }
    assert missing[("Position", "French")] == 1
    assert missing[("Position", "English")] == 0
    assert missing[("Bio", "English")] == 1
    assert missing[("Topic name", "French")] == 1
    assert quality_checks()["without_language"] == 1
    editor_client.post(reverse("admin:publications_publication_scan_job"), {"scan": "quality"})
    response = editor_client.get(reverse("admin:publications_publication_quality"))
    table = BeautifulSoup(response.content, "html.parser").select_one("#missing-translations")
    assert ["Position", "French", "1"] in [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in table.select("tbody tr")
    ]


@pytest.mark.django_db
def test_admin_edits_both_languages_side_by_side(editor_client):
    topic = make_topic("Robotics")
    url = reverse("admin:profiles_topic_change", args=[topic.pk])
    page = BeautifulSoup(editor_client.get(url).content, "html.parser")
    assert {"name_en", "name_fr", "description_en", "description_fr"} <= {
        field["name"] for field in page.select("input[name], textarea[name]")
    }
    data = {
        "name_en": "Robotics",
        "name_fr": "Robotique",
        "slug": "robotics",
        "description_en": "",
        "description_fr": "",
    }
    data.update(
        {field["name"]: field["value"] for field in page.select("input[type=hidden][name]")}
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content
    topic.refresh_from_db()
    assert (topic.name_en, topic.name_fr) == ("Robotics", "Robotique")


@pytest.mark.django_db
def test_topics_without_a_french_name_do_not_clash_in_admin(editor_client):
    make_topic("Robotics")
    url = reverse("admin:profiles_topic_add")
    page = BeautifulSoup(editor_client.get(url).content, "html.parser")
    hidden = page.select("input[type=hidden][name]")
    data = {field["name"]: field.get("value", "") for field in hidden}
    data.update(name_en="Vision", name_fr="", slug="vision", description_en="", description_fr="")
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content
    assert list(Topic.objects.order_by("slug").values_list("slug", "name_fr")) == [
        ("robotics", None),
        ("vision", None),
    ]


@pytest.mark.django_db
def test_the_topic_list_is_in_the_order_of_the_names_it_shows(client):
    make_topic("Zoology", name_fr="Animaux")
    make_topic("Botany", name_fr="Plantes")
    make_topic("Music")  # no French name: shown, and sorted, by its English one
    for language, expected in (
        ("en", ["Botany", "Music", "Zoology"]),
        ("fr", ["Animaux", "Music", "Plantes"]),
    ):
        page = soup(client, reverse("profiles:topic-list"), language)
        assert [h.get_text(strip=True) for h in page.select(".topic-card h2")] == expected
