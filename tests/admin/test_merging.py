"""Merging people and publications: services, admin confirmation, history, redirects."""

import datetime

import pytest
from django.db.models.signals import post_delete
from django.urls import reverse

from profiles.merging import merge_people
from profiles.models import NameVariant, Person, PersonRedirect
from publications.merging import merge_publications, publication_merge_conflicts
from publications.models import Authorship, Publication
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


def test_merging_people_moves_bylines_variants_topics_and_redirects_the_old_slug(client):
    kept = make_person("Razvan Pascanu", has_profile=True, orcid="0000-0002-1825-0097")
    other = make_person("R. Pascanu", homepage="https://example.org/rp", github="rpascanu")
    NameVariant.objects.create(person=other, name="Răzvan Pascanu")
    PersonRedirect.objects.create(old_slug="razvan-old", person=other)
    topic = make_topic("Optimization")
    other.topics.add(topic)
    coauthor = make_person("Yoshua Bengio")
    shared = make_publication("Shared paper", authors=[kept, coauthor])
    Authorship.objects.filter(publication=shared, person=kept).update(position=None)
    make_publication("Shared paper", authors=[])  # same title, unrelated to the merge
    Authorship.objects.create(publication=shared, person=other, position=1)
    Authorship.objects.filter(publication=shared, person=coauthor).update(position=2)
    only_other = make_publication("Only the other", authors=[coauthor, other])
    old_slug = other.slug

    merge_people(keep=kept, other=other)

    kept.refresh_from_db()
    assert not Person.objects.filter(pk=other.pk).exists()
    assert kept.homepage == "https://example.org/rp" and kept.github == "rpascanu"
    assert kept.orcid == "0000-0002-1825-0097"
    assert list(kept.topics.all()) == [topic]
    # Both names stay known as variants, so later imports find the one person.
    assert {v.name for v in kept.name_variants.all()} == {
        "Răzvan Pascanu",
        "R. Pascanu",
        "Razvan Pascanu",
    }
    # One entry per paper; the kept entry takes the other's position where it had none.
    assert [(a.person, a.position) for a in shared.authorships.all()] == [
        (kept, 1),
        (coauthor, 2),
    ]
    assert [a.person for a in only_other.authorships.all()] == [coauthor, kept]
    for slug in (old_slug, "razvan-old"):
        response = client.get(reverse("profiles:person-detail", args=[slug]))
        assert response.status_code == 301
        assert response["Location"] == kept.get_absolute_url()
    reasons = {record.history_change_reason for record in kept.history.all()[:1]}
    assert reasons == {f"Merged R. Pascanu (#{other.pk}) into Razvan Pascanu (#{kept.pk})"}
    assert other.history.filter(history_type="-").exists()  # the deletion is on record


def test_merging_people_can_take_the_others_value_for_a_conflicting_field():
    kept = make_person("Ada Lovelace", affiliation="Old College", position="Fellow")
    other = make_person("A. Lovelace", affiliation="New Institute", position="Professor")
    merge_people(keep=kept, other=other, take_other={"affiliation"})
    kept.refresh_from_db()
    assert (kept.affiliation, kept.position) == ("New Institute", "Fellow")


def test_merging_people_moves_a_unique_orcid_over():
    kept = make_person("Ada Lovelace")
    other = make_person("A. Lovelace", orcid="0000-0002-1825-0097")
    merge_people(keep=kept, other=other)
    kept.refresh_from_db()
    assert kept.orcid == "0000-0002-1825-0097"


def test_a_failed_person_merge_changes_nothing():
    kept = make_person("Ada Lovelace")
    other = make_person("A. Lovelace")
    publication = make_publication("Paper", authors=[other])
    post_delete.connect(_boom, sender=Person)  # a fault late in the merge
    try:
        with pytest.raises(RuntimeError):
            merge_people(keep=kept, other=other)
    finally:
        post_delete.disconnect(_boom, sender=Person)
    assert Person.objects.filter(pk=other.pk).exists()
    assert [a.person_id for a in publication.authorships.all()] == [other.pk]
    assert not kept.name_variants.exists()


def _boom(*args, **kwargs):
    raise RuntimeError("fault injected after the bylines moved")


def test_merging_publications_combines_authors_identifiers_topics_and_versions():
    ada, bob, cy = make_person("Ada Lovelace"), make_person("Bob Kahn"), make_person("Cy Young")
    kept = make_publication("Deep nets", authors=[ada, bob], year=2020, venue="NeurIPS")
    other = make_publication(
        "Deep Nets", authors=[bob, cy], year=2019, arxiv_id="1901.00001", kind="preprint"
    )
    topic = make_topic("Learning")
    other.topics.add(topic)
    later = make_publication("Deep nets, extended", version_of=other)

    merge_publications(keep=kept, other=other)

    kept.refresh_from_db()
    later.refresh_from_db()
    assert not Publication.objects.filter(pk=other.pk).exists()
    assert [(a.person, a.position) for a in kept.authorships.all()] == [
        (ada, 1),
        (bob, 2),
        (cy, 3),
    ]
    assert kept.arxiv_id == "1901.00001" and kept.year == 2020 and kept.venue == "NeurIPS"
    assert list(kept.topics.all()) == [topic]
    assert later.version_of == kept
    assert kept.history.first().history_change_reason.startswith("Merged “Deep Nets”")


def test_merging_publications_moves_a_unique_doi_and_keeps_date_in_year():
    kept = make_publication("Paper", year=2020)
    other = make_publication("Paper", doi="10.1000/abc", date=datetime.date(2019, 5, 1))
    merge_publications(keep=kept, other=other)
    kept.refresh_from_db()
    assert kept.doi == "10.1000/abc"
    assert (kept.year, kept.date) == (2020, None)


def test_merging_publications_keeps_a_known_language_and_asks_when_they_differ():
    kept = make_publication("Réseaux de neurones", year=2020)
    other = make_publication("Reseaux de neurones", language="fr")
    merge_publications(keep=kept, other=other)
    kept.refresh_from_db()
    assert kept.language == "fr"
    english = make_publication("Neural networks", language="en")
    french = make_publication("Neural networks", language="fr")
    conflicts, _bylines_differ = publication_merge_conflicts(keep=english, other=french)
    assert [(c.field, c.kept, c.other) for c in conflicts] == [("language", "en", "fr")]


def _action(client, model, ids, **extra):
    url = reverse(f"admin:{model}_changelist")
    data = {"action": "merge_selected", "_selected_action": [str(i) for i in ids], **extra}
    return client.post(url, data)


def test_admin_merge_shows_conflicts_before_merging_and_then_merges(editor_client):
    kept = make_person("Ada Lovelace", affiliation="Old <College>", has_profile=True)
    other = make_person("A. Lovelace", affiliation="New Institute")
    shared = make_publication("Paper", authors=[kept, other])
    response = _action(editor_client, "profiles_person", [kept.pk, other.pk])
    assert response.status_code == 200
    assert "Old &lt;College&gt;" in response.text and "New Institute" in response.text
    assert "Both are on 1 publication byline" in response.text
    assert Person.objects.count() == 2  # nothing happens before the confirmation

    response = _action(
        editor_client,
        "profiles_person",
        [kept.pk, other.pk],
        post="yes",
        keep=str(kept.pk),
        use_affiliation=str(other.pk),
        use_full_name=str(kept.pk),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:profiles_person_change", args=[kept.pk])
    kept.refresh_from_db()
    assert kept.affiliation == "New Institute" and kept.full_name == "Ada Lovelace"
    assert [a.person for a in shared.authorships.all()] == [kept]
    record = kept.history.first()
    assert record.history_user.username == "editor"
    history = editor_client.get(reverse("admin:profiles_person_history", args=[kept.pk]))
    assert "Merged A. Lovelace" in history.text


def test_admin_merge_of_publications_can_keep_the_second_one(editor_client):
    first = make_publication("Paper A", venue="ICML")
    second = make_publication("Paper A.", venue="NeurIPS")
    response = _action(
        editor_client,
        "publications_publication",
        [first.pk, second.pk],
        post="yes",
        keep=str(second.pk),
        use_venue=str(first.pk),
        use_title=str(second.pk),
    )
    assert response.status_code == 302
    assert list(Publication.objects.values_list("pk", "title", "venue")) == [
        (second.pk, "Paper A.", "ICML")
    ]


def test_admin_merge_needs_exactly_two_records(editor_client):
    people = [make_person() for _ in range(3)]
    response = _action(editor_client, "profiles_person", [p.pk for p in people])
    assert response.status_code == 302
    assert Person.objects.count() == 3
    response = editor_client.get(response["Location"])
    assert "Select exactly two people to merge." in response.text


def _scanned(client, scan):
    """Run the duplicate scan or the quality report (a job, run at once in tests)."""
    response = client.post(reverse("admin:publications_publication_scan_job"), {"scan": scan})
    assert response.status_code == 302


def test_duplicate_finder_lists_likely_duplicates_with_merge_buttons(editor_client):
    razvan = make_person("Razvan Pascanu", has_profile=True)
    initial = make_person("R. Pascanu")
    bengio = make_person("Yoshua Bengio")
    make_person("Rosa Pascanu")  # similar name, no shared co-author: not listed
    make_publication("One", authors=[razvan, bengio])
    make_publication("Two", authors=[initial, bengio])
    same_a = make_publication("Attention is all you need", kind="preprint")
    same_b = make_publication("Attention Is All You Need!", venue="NeurIPS", kind="conference")
    arxiv = make_publication("Some preprint", arxiv_id="2506.05233")
    doi = make_publication("Published", doi="10.48550/arXiv.2506.05233")
    make_publication("Something else entirely")

    _scanned(editor_client, "duplicates")
    response = editor_client.get(reverse("admin:publications_publication_duplicates"))
    assert response.status_code == 200
    people = [(p.first, p.second, list(map(str, p.reasons))) for p in response.context["people"]]
    assert people == [(razvan, initial, ["similar names", "1 shared co-author"])]
    publications = {(p.first, p.second): p.reasons for p in response.context["publications"]}
    assert publications == {
        (same_a, same_b): ["same title"],
        (arxiv, doi): ["arXiv DOI matches arXiv id"],
    }
    assert response.text.count('value="merge_selected"') == 3


@pytest.mark.parametrize("size", [1, 40])
def test_duplicate_finder_and_quality_page_run_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries, size
):
    for n in range(size):
        person = make_person(f"Person Number{n}")
        twin = make_person(f"Person Number{n}", has_profile=True)
        make_person(f"Pers\\'on Number{n}")
        make_publication(f"Paper number {n}", authors=[person], arxiv_id=f"2001.{n:05d}")
        make_publication(f"Paper Number {n}!", venue="ICML", authors=[twin])
    _scanned(editor_client, "duplicates")
    _scanned(editor_client, "quality")
    with django_assert_max_num_queries(12):
        response = editor_client.get(reverse("admin:publications_publication_duplicates"))
    assert len(response.context["people"]) == size and len(response.context["publications"]) == size
    with django_assert_max_num_queries(13):
        response = editor_client.get(reverse("admin:publications_publication_quality"))
    assert response.context["checks"]["without_year"] == 2 * size
    assert len(response.context["versions"]) == len(response.context["unlinked_people"]) == size
    assert len(response.context["checks"]["tex_people"]) == size


def test_quality_page_counts_problems_and_links_preprints_as_versions(editor_client):
    make_publication("No year, no venue, no identifier")
    make_publication("Complete", year=2020, venue="ICML", doi="10.1000/complete")
    tex = make_person("Razvan Pasc\\'anu")
    apostrophe = make_person("Ra'zvan Pascanu")
    make_person("Conan O'Brien")  # a real apostrophe, not a leftover
    lonely = make_person("Has Profile", has_profile=True)
    braces = make_person("{G}eoffrey Hinton")
    make_publication("Paper", authors=[braces, tex, apostrophe])
    preprint = make_publication(
        "Scaling laws for everything", kind="preprint", arxiv_id="2001.00001"
    )
    published = make_publication("Scaling Laws for Everything", venue="NeurIPS", year=2021)

    url = reverse("admin:publications_publication_quality")
    _scanned(editor_client, "quality")
    response = editor_client.get(url)
    checks = response.context["checks"]
    assert (checks["without_year"], checks["without_venue"], checks["without_identifier"]) == (
        3,
        3,
        3,
    )
    assert {person for person, _ in checks["tex_people"]} == {tex, apostrophe, braces}
    assert checks["profiles_without_papers"] == [lonely]
    assert response.context["versions"] == [(preprint, published)]
    assert "?year__isnull=True" in response.text
    assert (
        editor_client.get(
            reverse("admin:publications_publication_changelist") + "?year__isnull=True"
        )
        .context["cl"]
        .result_count
        == 3
    )

    response = editor_client.post(
        reverse("admin:publications_publication_link_versions"),
        {"preprint": preprint.pk, "published": published.pk},
    )
    assert response.status_code == 302
    preprint.refresh_from_db()
    assert preprint.version_of == published
    assert editor_client.get(url).context["versions"] == []
    assert Publication.objects.count() == 5  # linked, not merged


def test_the_duplicates_page_shows_the_last_scan_without_what_was_merged_since(editor_client):
    same_a = make_publication("Attention is all you need", kind="preprint")
    same_b = make_publication("Attention Is All You Need!", venue="NeurIPS")
    url = reverse("admin:publications_publication_duplicates")

    def pairs():
        response = editor_client.get(url)
        return [(p.first.pk, p.second.pk) for p in response.context["publications"]]

    assert "No scan has run yet" in editor_client.get(url).text
    _scanned(editor_client, "duplicates")
    assert pairs() == [(same_a.pk, same_b.pk)]
    Publication.objects.filter(pk=same_b.pk).update(title="Something else entirely")
    assert pairs() == [(same_a.pk, same_b.pk)]  # the page does not scan: the last scan shows
    _scanned(editor_client, "duplicates")
    assert pairs() == []
    Publication.objects.filter(pk=same_b.pk).update(title="Attention is all you need")
    _scanned(editor_client, "duplicates")
    merge_publications(keep=same_a, other=same_b)
    assert pairs() == []  # merged since the scan
