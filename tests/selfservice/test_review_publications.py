"""Featured, hidden and "not mine" follow the review setting like the profile fields."""

import pytest
from django.core import mail
from django.urls import reverse

from profiles.selfservice.models import PendingRevision
from publications.models import Authorship, BylineDispute
from tests.factories import make_person, make_publication
from tests.selfservice.my_publications import choices, list_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(ada):
    bob = make_person("Bob Kahn")
    papers = [make_publication(f"Paper {n}", authors=[ada, bob], year=2000 + n) for n in range(3)]
    return [Authorship.objects.get(person=ada, publication=paper) for paper in papers]


def featured_on_profile(client, person):
    html = client.get(person.get_absolute_url()).text
    if "Selected publications" not in html:
        return ""
    return html[html.index("Selected publications") : html.index('class="year-nav"')]


def review_url(revision):
    return reverse("admin:selfservice_pendingrevision_change", args=[revision.pk])


def test_featured_waits_for_an_editor_when_the_setting_says_so(
    client, ada, entries, settings, editor_browser, editor
):
    settings.SELF_SERVICE_REVIEWED_FIELDS = ["featured"]
    first, _, third = entries
    data = choices(ada, **{f"rank_{first.pk}": 2, f"rank_{third.pk}": 1})
    response = client.post(list_url(ada), data, follow=True)
    assert "Waiting for an editor&#x27;s review: featured publications." in response.text
    assert featured_on_profile(client, ada) == ""
    assert not Authorship.objects.filter(featured_rank__isnull=False).exists()
    revision = PendingRevision.objects.get()
    assert revision.changes == {"featured": [third.pk, first.pk]}
    assert revision.before == {"featured": []}

    page = client.get(list_url(ada))
    assert page.context["form"][f"rank_{third.pk}"].value() == 1
    assert page.context["form"][f"rank_{first.pk}"].value() == 2
    assert "your public profile keeps the published ones" in page.text

    review = editor_browser.get(review_url(revision))
    assert ("featured publications", "", "1. Paper 2; 2. Paper 0") in review.context["diff"]
    assert "1. Paper 2; 2. Paper 0" in review.text
    editor_browser.post(review_url(revision), {"decision": "approve", "message": "Fine"})
    featured = featured_on_profile(client, ada)
    assert featured.index("Paper 2") < featured.index("Paper 0") and "Paper 1" not in featured
    third.refresh_from_db()
    assert third.featured_rank == 1 and third.history.first().history_user == editor
    assert "featured publications" in mail.outbox[-1].body


def test_a_rejected_featured_choice_changes_nothing(client, ada, entries, settings, editor_browser):
    settings.SELF_SERVICE_REVIEWED_FIELDS = ["featured"]
    client.post(list_url(ada), choices(ada, **{f"rank_{entries[0].pk}": 1}))
    revision = PendingRevision.objects.get()
    editor_browser.post(review_url(revision), {"decision": "reject", "message": "No"})
    assert not Authorship.objects.filter(featured_rank__isnull=False).exists()
    assert client.get(list_url(ada)).context["form"][f"rank_{entries[0].pk}"].value() is None


def test_featured_publishes_at_once_by_default(client, ada, entries):
    client.post(list_url(ada), choices(ada, **{f"rank_{entries[1].pk}": 1}))
    assert "Paper 1" in featured_on_profile(client, ada)
    assert not PendingRevision.objects.exists()


def test_hidden_waits_when_the_setting_says_so_and_publishes_on_approval(
    client, ada, entries, settings, editor_browser
):
    settings.SELF_SERVICE_REVIEWED_FIELDS = ["hidden"]
    first = entries[0]
    client.post(list_url(ada), choices(ada, **{f"hidden_{first.pk}": "on"}))
    assert "Paper 0" in client.get(ada.get_absolute_url()).text
    first.refresh_from_db()
    assert not first.hidden
    revision = PendingRevision.objects.get()
    assert revision.changes == {"hidden": [first.pk]}
    assert client.get(list_url(ada)).context["form"][f"hidden_{first.pk}"].value() is True
    review = editor_browser.get(review_url(revision))
    assert ("hidden publications", "", "Paper 0") in review.context["diff"]
    editor_browser.post(review_url(revision), {"decision": "approve"})
    assert "Paper 0" not in client.get(ada.get_absolute_url()).text
    first.refresh_from_db()
    assert first.hidden


def test_choices_sent_back_as_published_leave_the_queue(client, ada, entries, settings):
    settings.SELF_SERVICE_REVIEWED_FIELDS = ["hidden", "featured"]
    client.post(list_url(ada), choices(ada, **{f"hidden_{entries[0].pk}": "on"}))
    assert PendingRevision.objects.exists()
    client.post(list_url(ada), choices(ada))
    assert not PendingRevision.objects.exists()


def test_a_hidden_and_featured_proposal_approved_together_keeps_hidden_off_the_featured(
    client, ada, entries, settings, editor_browser
):
    settings.SELF_SERVICE_REVIEWED_FIELDS = ["hidden", "featured"]
    first, second, _ = entries
    client.post(list_url(ada), choices(ada, **{f"rank_{first.pk}": 1}))
    # Hiding the featured one asks to unfeature it first, as on published choices.
    response = client.post(
        list_url(ada), choices(ada, **{f"rank_{first.pk}": 1, f"hidden_{first.pk}": "on"})
    )
    assert response.status_code == 400
    assert "A hidden publication cannot be featured" in response.text
    client.post(
        list_url(ada),
        choices(ada, **{f"hidden_{first.pk}": "on", f"rank_{second.pk}": 1}),
    )
    revision = PendingRevision.objects.get()
    assert revision.changes == {"hidden": [first.pk], "featured": [second.pk]}
    editor_browser.post(review_url(revision), {"decision": "approve"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.hidden and first.featured_rank is None and second.featured_rank == 1


def test_the_name_as_printed_publishes_at_once_while_featured_waits(client, ada, entries, settings):
    settings.SELF_SERVICE_REVIEWED_FIELDS = ["featured"]
    first = entries[0]
    client.post(
        list_url(ada),
        choices(ada, **{f"printed_{first.pk}": "A. A. King", f"rank_{first.pk}": 1}),
    )
    first.refresh_from_db()
    assert first.name_as_printed == "A. A. King" and first.featured_rank is None


def test_not_mine_left_out_of_the_setting_moves_the_entry_at_once(client, ada, entries, settings):
    settings.SELF_SERVICE_REVIEWED_FIELDS = []
    first = entries[0]
    url = reverse("mypublications:not-mine", args=[ada.slug, first.pk])
    assert "Remove from my profile" in client.get(url).text
    response = client.post(url, {"reason": "Another Ada"}, follow=True)
    assert "is no longer on your profile" in response.text
    first.refresh_from_db()
    assert first.person != ada and first.person.full_name == "Ada Lovelace"
    assert "Paper 0" not in client.get(ada.get_absolute_url()).text
    dispute = BylineDispute.objects.get()
    assert dispute.status == "resolved" and dispute.decided_by == ada.account.user
    assert first.history.first().history_user == ada.account.user
    assert mail.outbox == []


def test_not_mine_waits_by_default(client, ada, entries):
    url = reverse("mypublications:not-mine", args=[ada.slug, entries[0].pk])
    assert "Send to the editors" in client.get(url).text
    client.post(url, {"reason": "Another Ada"})
    entries[0].refresh_from_db()
    assert entries[0].person == ada
    assert BylineDispute.objects.get().status == "pending"
