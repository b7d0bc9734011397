"""Harvests become suggestions; editors confirm (through the importers' store) or reject."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from jobs.models import Job
from profiles.models import NameVariant, Person
from publications.harvest.models import HarvestRun, Suggestion
from publications.harvest.review import confirm, reject
from publications.harvest.work import start_harvest
from publications.models import Publication
from tests.factories import make_person, make_publication
from tests.support.harvest_server import ORCID, answer, serve_orcid, source_settings

SUGGESTIONS_URL = "/admin/harvest/suggestion/"


@pytest.fixture
def sources(httpserver):
    serve_orcid(httpserver)
    with override_settings(**source_settings(httpserver)):
        yield httpserver


@pytest.fixture
def josiah(db):
    return make_person("Josiah Carberry", orcid=ORCID, has_profile=True)


def harvest(person, sources=("orcid",)):
    job = start_harvest([person], sources=list(sources))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    return job


def test_a_harvest_suggests_the_works_not_on_the_profile(sources, josiah):
    job = harvest(josiah)
    titles = dict(Suggestion.objects.values_list("title", "confident"))
    assert titles == {
        "Toward a Unified Theory of High-Energy Metaphysics: Silly String Theory": True,
        "The Psychoceramics of Cracked Pots": True,  # Crossref gave the byline and iD
        "Cracks in the Theory of Everything": False,
    }
    assert not Publication.objects.exists()  # nothing is published before review
    assert "ORCID for Josiah Carberry: 3 works found, 3 new suggestions" in job.report
    assert (job.done, job.total) == (1, 1)
    run = HarvestRun.objects.get()
    assert (run.source, run.found, run.suggested, run.error) == ("orcid", 3, 3, "")


def test_confirming_writes_the_work_on_the_profile_with_its_byline_and_ids(sources, josiah, client):
    harvest(josiah)
    suggestion = Suggestion.objects.get(doi="10.5555/12345678")
    publication = confirm(suggestion, user=None)
    assert [a.person for a in publication.authorships.all()][0] == josiah
    ada = Person.objects.get(full_name="Ada Lovelace")
    assert ada.orcid == "0000-0001-5109-3700"  # the co-author's iD is stored
    assert publication.date.isoformat() == "2008-08-14" and publication.kind == "article"
    assert Person.objects.count() == 2
    suggestion.refresh_from_db()
    assert suggestion.status == "confirmed" and suggestion.publication == publication
    assert publication.title in client.get(josiah.get_absolute_url()).text


def test_a_printed_short_name_is_matched_to_the_person_and_kept_as_a_variant(sources, josiah):
    harvest(josiah)
    publication = confirm(Suggestion.objects.get(arxiv_id="2101.00001"), user=None)
    assert publication.authorships.first().person == josiah
    assert NameVariant.objects.filter(person=josiah, name="J. Carberry").exists()
    assert publication.kind == "preprint"


def test_rejected_and_confirmed_works_are_not_suggested_again(sources, josiah):
    harvest(josiah)
    confirm(Suggestion.objects.get(doi="10.5555/12345678"), user=None)
    reject(Suggestion.objects.get(doi="10.5555/87654321"), user=None)
    job = harvest(josiah)
    assert "3 works found, 0 new suggestions, 3 already on the profile or decided" in job.report
    assert Suggestion.objects.count() == 3
    assert Suggestion.objects.filter(status="pending").count() == 1


def test_works_already_on_the_profile_are_not_suggested(sources, josiah):
    make_publication(title="Stored earlier", doi="10.5555/12345678", authors=[josiah])
    harvest(josiah)
    assert Suggestion.objects.count() == 2


def test_the_same_work_from_another_source_is_not_suggested_twice(sources, josiah):
    pages = answer("openalex_page1.json").replace(
        '"next_cursor": "Ils', '"next_cursor": null, "x": "'
    )
    sources.expect_request("/openalex/works").respond_with_data(pages)
    harvest(josiah, sources=("orcid", "openalex"))
    assert Suggestion.objects.count() == 3
    assert set(Suggestion.objects.values_list("source", flat=True)) == {"orcid"}


def test_confident_matches_publish_at_once_when_the_setting_says_so(sources, josiah):
    with override_settings(HARVEST_PUBLISH_CONFIDENT=True):
        harvest(josiah)
    assert Suggestion.objects.filter(status="confirmed").count() == 2
    assert Suggestion.objects.get(status="pending").title == "Cracks in the Theory of Everything"
    assert Publication.objects.filter(authorships__person=josiah).count() == 2


def test_a_failing_source_is_reported_and_writes_nothing_while_others_keep_theirs(sources, josiah):
    sources.expect_request("/openalex/works").respond_with_data("<html>", status=200)
    job = harvest(josiah, sources=("openalex", "orcid"))
    assert "OpenAlex for Josiah Carberry: failed: OpenAlex answered something that is not JSON" in (
        job.report
    )
    assert set(Suggestion.objects.values_list("source", flat=True)) == {"orcid"}
    failed = HarvestRun.objects.get(source="openalex")
    assert failed.error and failed.found == 0


def test_a_source_without_the_identifier_it_needs_is_skipped(sources, db):
    person = make_person("Nobody Known", has_profile=True)
    job = harvest(person, sources=("orcid", "dblp"))
    assert job.report.splitlines() == [
        "ORCID for Nobody Known: skipped; it needs an ORCID iD, and none is recorded.",
        "DBLP for Nobody Known: skipped; it needs a DBLP person id, and none is recorded.",
    ]
    assert not HarvestRun.objects.exists()


def test_editors_start_a_harvest_and_confirm_and_reject_in_the_admin(
    sources, josiah, editor_client
):
    response = editor_client.post(
        f"{SUGGESTIONS_URL}harvest/", {"person": josiah.pk, "sources": ["orcid"]}, follow=True
    )
    assert "3 new suggestions" in response.text and "<progress" in response.text
    ids = dict(Suggestion.objects.values_list("doi", "pk"))
    editor_client.post(
        SUGGESTIONS_URL,
        {"action": "confirm_selected", "_selected_action": [ids["10.5555/12345678"]]},
    )
    response = editor_client.post(
        SUGGESTIONS_URL,
        {"action": "reject_selected", "_selected_action": [ids["10.5555/87654321"]]},
        follow=True,
    )
    assert "1 suggestion rejected" in response.text
    statuses = dict(Suggestion.objects.values_list("doi", "status"))
    assert statuses["10.5555/12345678"] == "confirmed"
    assert statuses["10.5555/87654321"] == "rejected"
    overview = editor_client.get(f"{SUGGESTIONS_URL}overview/").text
    assert (
        "<td>ORCID</td>\n      <td>3</td>\n      <td>1</td>\n      <td>1</td>\n      <td>1</td>"
        in (overview)
    )


def test_the_harvest_form_says_what_is_missing(editor_client):
    response = editor_client.post(f"{SUGGESTIONS_URL}harvest/", {"sources": ["orcid"]})
    assert response.status_code == 400 and "This field is required." in response.text
    assert not Job.objects.exists()


def test_the_harvest_pages_are_for_editors_only(client, db):
    for url in (f"{SUGGESTIONS_URL}harvest/", f"{SUGGESTIONS_URL}overview/", SUGGESTIONS_URL):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("people", [2, 30])
def test_the_overview_and_queue_run_few_queries_whatever_their_size(
    editor_client, django_assert_max_num_queries, people
):
    for number in range(people):
        person = make_person(has_profile=True)
        HarvestRun.objects.create(person=person, source="orcid", found=number)
        for status in ("pending", "confirmed", "rejected"):
            Suggestion.objects.create(
                person=person, source="orcid", title=f"Work {number}", record={}, status=status
            )
    with django_assert_max_num_queries(12):
        assert editor_client.get(f"{SUGGESTIONS_URL}overview/").status_code == 200
    with django_assert_max_num_queries(12):
        assert editor_client.get(SUGGESTIONS_URL).status_code == 200


def test_the_nightly_command_queues_a_harvest_for_each_person_due(sources, josiah):
    from publications.harvest.models import HarvestProfile

    make_person("No Identifier", has_profile=True)
    opted_out = make_person("Opted Out", orcid="0000-0001-5109-3700", has_profile=True)
    HarvestProfile.objects.create(person=opted_out, nightly=False)
    out = io.StringIO()
    call_command("harvest_nightly", stdout=out)
    assert "1 harvest job queued" in out.getvalue()  # singular: ngettext
    job = Job.objects.get()
    assert job.title == "Harvest for Josiah Carberry" and job.status == Job.Status.DONE
    assert Suggestion.objects.filter(person=josiah).count() == 3


def test_the_harvest_command_shows_progress_and_prints_the_report(sources, josiah):
    out, err = io.StringIO(), io.StringIO()
    call_command("harvest", josiah.slug, "--source", "orcid", stdout=out, stderr=err)
    assert "ORCID for Josiah Carberry: 3 works found, 3 new suggestions" in out.getvalue()
    assert f"harvest {josiah.slug}: Asking ORCID about Josiah Carberry (0/1)" in err.getvalue()
    with pytest.raises(CommandError, match="No person has the address 'nobody'"):
        call_command("harvest", "nobody")
