"""Editors review waiting changes: the queue, the diff, approve or reject, email, history."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from profiles.models import Person, Topic
from profiles.selfservice.models import PendingRevision
from profiles.selfservice.services import submit_changes
from tests.selfservice.factories import make_researcher

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting():
    ada, user = make_researcher(position="Lecturer")
    submit_changes(
        person=ada,
        user=user,
        values={"position": "Professor", "new_topics": ["Poetical science"]},
    )
    return PendingRevision.objects.get(person=ada)


def review_url(revision):
    return reverse("admin:selfservice_pendingrevision_change", args=[revision.pk])


def test_the_queue_lists_the_waiting_revision_and_its_fields(editor_client, waiting):
    response = editor_client.get(reverse("admin:selfservice_pendingrevision_changelist"))
    assert response.status_code == 200
    assert "Ada Lovelace" in response.text and "position, proposed topics" in response.text


def test_the_review_page_shows_each_field_published_and_proposed(editor_client, waiting):
    response = editor_client.get(review_url(waiting))
    assert response.status_code == 200
    rows = response.context["diff"]
    assert ("position", "Lecturer", "Professor") in rows
    assert ("proposed topics", "", "Poetical science") in rows


def test_approving_publishes_emails_the_researcher_and_records_the_editor(
    editor_client, editor, waiting
):
    response = editor_client.post(
        review_url(waiting), {"decision": "approve", "message": "Congratulations"}
    )
    assert response.status_code == 302
    ada = Person.objects.get(pk=waiting.person_id)
    assert ada.position == "Professor"
    assert list(ada.topics.values_list("name", flat=True)) == ["Poetical science"]
    assert Topic.objects.filter(name="Poetical science").count() == 1
    waiting.refresh_from_db()
    assert waiting.status == "approved" and waiting.decided_by == editor
    record = Person.history.filter(id=ada.pk).first()
    assert record.history_user == editor and record.position == "Professor"
    assert record.history_change_reason == f"Approved revision {waiting.pk}"
    (message,) = mail.outbox
    assert message.to == ["ada-lovelace@example.org"]
    assert "approved" in message.subject and "Congratulations" in message.body
    assert "Congratulations" in message.alternatives[0][0]


def test_rejecting_changes_nothing_and_says_why(editor_client, waiting):
    editor_client.post(review_url(waiting), {"decision": "reject", "message": "Not yet"})
    ada = Person.objects.get(pk=waiting.person_id)
    assert ada.position == "Lecturer" and not ada.topics.exists()
    assert not Topic.objects.filter(name="Poetical science").exists()
    waiting.refresh_from_db()
    assert waiting.status == "rejected"
    assert "rejected" in mail.outbox[0].subject and "Not yet" in mail.outbox[0].body


def test_a_revision_is_decided_once(editor_client, waiting):
    editor_client.post(review_url(waiting), {"decision": "reject"})
    response = editor_client.post(review_url(waiting), {"decision": "approve"}, follow=True)
    assert "decided already" in response.text
    assert Person.objects.get(pk=waiting.person_id).position == "Lecturer"
    assert len(mail.outbox) == 1


def test_which_fields_wait_is_a_setting(settings):
    settings.SELF_SERVICE_REVIEWED_FIELDS = ["bio"]
    ada, user = make_researcher(position="Lecturer")
    submit_changes(person=ada, user=user, values={"position": "Professor", "bio": "Hello"})
    ada.refresh_from_db()
    assert ada.position == "Professor" and ada.bio == ""
    assert PendingRevision.objects.get().changes == {"bio": "Hello"}


def test_the_digest_emails_every_editor_the_waiting_reviews(editor, waiting, capsys):
    call_command("review_digest")
    (message,) = mail.outbox
    assert message.to == ["editor@example.org"]
    assert "Ada Lovelace: position, proposed topics" in message.body
    assert review_url(waiting) in message.body
    assert "1 item waiting; emailed 1 editor." in capsys.readouterr().out


def test_the_digest_sends_nothing_when_nothing_waits(editor, capsys):
    call_command("review_digest")
    assert mail.outbox == []
    assert "Nothing waits" in capsys.readouterr().out
