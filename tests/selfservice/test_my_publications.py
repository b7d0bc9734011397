"""My publications: featured order, hiding, name as printed, "not mine", pasted BibTeX."""

import pytest
from django.core import mail
from django.urls import reverse

from publications.models import Authorship, BylineDispute, Publication
from tests.factories import make_person, make_publication
from tests.selfservice.my_publications import choices, list_url

pytestmark = pytest.mark.django_db

BIBTEX = """@article{engine,
  author = {Lovelace, Ada and Babbage, Charles},
  title = {Sketch of the Analytical Engine},
  journal = {Scientific Memoirs},
  year = {1843},
}"""


def papers(ada, count=3):
    bob = make_person("Bob Kahn")
    return [make_publication(f"Paper {n}", authors=[ada, bob], year=2000 + n) for n in range(count)]


def entry(person, publication):
    return Authorship.objects.get(person=person, publication=publication)


def test_featured_publications_come_first_on_the_profile_in_the_chosen_order(client, ada):
    first, second, third = papers(ada)
    data = choices(ada, **{f"rank_{entry(ada, first).pk}": 2, f"rank_{entry(ada, third).pk}": 1})
    response = client.post(list_url(ada), data)
    assert response.status_code == 302
    html = client.get(ada.get_absolute_url()).text
    featured = html[html.index("Selected publications") : html.index('class="year-nav"')]
    assert featured.index("Paper 2") < featured.index("Paper 0")
    assert "Paper 1" not in featured


def test_a_hidden_publication_leaves_the_profile_but_stays_on_the_byline(client, ada):
    first, second, _ = papers(ada)
    client.post(list_url(ada), choices(ada, **{f"hidden_{entry(ada, first).pk}": "on"}))
    profile = client.get(ada.get_absolute_url())
    assert "Paper 0" not in profile.text and "Paper 1" in profile.text
    assert profile.context["profile"]["publication_count"] == 2
    assert "Ada Lovelace" in client.get(first.get_absolute_url()).text


def test_more_featured_than_allowed_or_a_position_twice_is_refused(client, ada, settings):
    settings.FEATURED_PUBLICATIONS_MAX = 2
    first, second, third = papers(ada)
    ranks = {f"rank_{entry(ada, p).pk}": n for n, p in enumerate([first, second, third], 1)}
    response = client.post(list_url(ada), choices(ada, **ranks))
    assert response.status_code == 400
    assert "Ensure this value is less than or equal to 2" in response.text
    same = {f"rank_{entry(ada, first).pk}": 1, f"rank_{entry(ada, second).pk}": 1}
    response = client.post(list_url(ada), choices(ada, **same))
    assert response.status_code == 400 and "Position 1 is taken" in response.text
    hidden = {f"rank_{entry(ada, first).pk}": 1, f"hidden_{entry(ada, first).pk}": "on"}
    response = client.post(list_url(ada), choices(ada, **hidden))
    assert "A hidden publication cannot be featured" in response.text
    assert not Authorship.objects.filter(featured_rank__isnull=False).exists()
    assert not Authorship.objects.filter(hidden=True).exists()


def test_the_name_as_printed_is_fixed_at_once(client, ada):
    (paper,) = papers(ada, 1)
    client.post(list_url(ada), choices(ada, **{f"printed_{entry(ada, paper).pk}": "A. A. King"}))
    assert entry(ada, paper).name_as_printed == "A. A. King"
    assert "A. A. King" in client.get(paper.get_absolute_url()).text
    response = client.post(list_url(ada), choices(ada, **{f"printed_{entry(ada, paper).pk}": ""}))
    assert response.status_code == 400 and "This field is required" in response.text


def test_not_mine_waits_for_an_editor_and_changes_nothing_until_then(client, ada):
    (paper,) = papers(ada, 1)
    url = reverse("mypublications:not-mine", args=[ada.slug, entry(ada, paper).pk])
    assert "Send to the editors" in client.get(url).text
    response = client.post(url, {"reason": "Another Ada"}, follow=True)
    assert "An editor will look at it" in response.text
    dispute = BylineDispute.objects.get()
    assert dispute.person == ada and dispute.reason == "Another Ada"
    assert "Paper 0" in client.get(ada.get_absolute_url()).text
    client.post(url, {"reason": "again"})
    assert BylineDispute.objects.count() == 1


def test_an_editor_resolving_not_mine_moves_the_byline_entry_and_emails(
    client, ada, editor_browser, editor
):
    (paper,) = papers(ada, 1)
    authorship = entry(ada, paper)
    url = reverse("mypublications:not-mine", args=[ada.slug, authorship.pk])
    client.post(url, {"reason": "Another Ada"})
    dispute = BylineDispute.objects.get()
    review = reverse("admin:publications_bylinedispute_change", args=[dispute.pk])
    assert "claimed not to be" in editor_browser.get(review).text
    editor_browser.post(review, {"decision": "resolve", "message": "Moved"})
    authorship.refresh_from_db()
    assert authorship.person != ada and authorship.person.full_name == "Ada Lovelace"
    assert not authorship.person.has_profile and authorship.position == 1
    assert Publication.objects.filter(pk=paper.pk).exists()
    assert "Paper 0" not in client.get(ada.get_absolute_url()).text
    record = authorship.history.first()
    assert record.history_user == editor
    assert mail.outbox[-1].to == ["ada-lovelace@example.org"]
    assert "no longer on your profile" in mail.outbox[-1].body


def test_an_editor_dismissing_not_mine_keeps_the_entry(client, ada, editor_browser):
    (paper,) = papers(ada, 1)
    url = reverse("mypublications:not-mine", args=[ada.slug, entry(ada, paper).pk])
    client.post(url)
    dispute = BylineDispute.objects.get()
    review = reverse("admin:publications_bylinedispute_change", args=[dispute.pk])
    editor_browser.post(review, {"decision": "dismiss", "message": "It is yours"})
    assert entry(ada, paper)
    dispute.refresh_from_db()
    assert dispute.status == "dismissed" and "stays on your profile" in mail.outbox[-1].body


def test_pasted_bibtex_goes_through_the_importer_with_a_dry_run_first(client, ada):
    url = reverse("mypublications:add", args=[ada.slug])
    response = client.post(url, {"bibtex": BIBTEX, "dry_run": "on"})
    assert response.status_code == 200
    assert "Sketch of the Analytical Engine" in response.text and "dry run" in response.text.lower()
    assert not Publication.objects.exists()
    client.post(url, {"bibtex": BIBTEX})
    paper = Publication.objects.get()
    assert entry(ada, paper).position == 1
    assert "Sketch of the Analytical Engine" in client.get(ada.get_absolute_url()).text


def test_pasted_text_that_is_not_bibtex_is_refused_with_a_message(client, ada):
    url = reverse("mypublications:add", args=[ada.slug])
    response = client.post(url, {"bibtex": "@article{broken, title = {Unclosed"})
    assert response.status_code == 400 and "Nothing was written" in response.text
    assert not Publication.objects.exists()
