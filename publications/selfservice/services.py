"""Writes of "My publications": featured order, hiding, printed names, "not mine"."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from profiles.models import Person
from profiles.selfservice import mail
from profiles.selfservice.services import researcher_addresses
from publications.models import Authorship, BylineDispute


def save_choices(*, person, user, choices):
    """Apply {authorship pk: (featured rank or None, hidden, name as printed)}.

    Only the person's own byline entries are touched; the others are ignored.
    """
    with transaction.atomic():
        entries = Authorship.objects.select_for_update().filter(person=person, pk__in=choices)
        changed = 0
        for authorship in entries:
            rank, hidden, printed = choices[authorship.pk]
            now = (authorship.featured_rank, authorship.hidden, authorship.name_as_printed)
            if now != (rank, hidden, printed):
                authorship.featured_rank, authorship.hidden = rank, hidden
                authorship.name_as_printed = printed
                authorship._history_user = user
                authorship.save()
                changed += 1
    return changed


def featured_elsewhere(person, pks):
    """{authorship pk: rank} of the person's featured entries not among `pks`."""
    rows = Authorship.objects.filter(person=person, featured_rank__isnull=False)
    return dict(rows.exclude(pk__in=pks).values_list("pk", "featured_rank"))


def raise_dispute(*, authorship, user, reason):
    """Queue a "not mine" for the editors; the byline stays as it is until they decide."""
    dispute, created = BylineDispute.objects.get_or_create(
        authorship=authorship,
        status=BylineDispute.Status.PENDING,
        defaults={"person_id": authorship.person_id, "raised_by": user, "reason": reason},
    )
    return dispute, created


def decide_dispute(*, dispute, editor, resolve, message=""):
    """Resolve (move the entry to an outside co-author of the printed name) or dismiss."""
    with transaction.atomic():
        dispute = BylineDispute.objects.select_for_update().get(pk=dispute.pk)
        if dispute.status != BylineDispute.Status.PENDING:
            raise ValueError("This claim was decided already; the queue shows the answer.")
        authorship = Authorship.objects.select_related("person").get(pk=dispute.authorship_id)
        person = authorship.person
        if resolve:
            namesake = Person.objects.create(full_name=authorship.printed_name)
            namesake._history_user = editor
            authorship.person = namesake
            authorship.featured_rank, authorship.hidden = None, False
            authorship._history_user = editor
            authorship._change_reason = f"“Not mine” claim {dispute.pk} by {person}"
            authorship.save()
        status = "resolved" if resolve else "dismissed"
        dispute.record_decision(editor=editor, status=status, message=message)
    recipients = researcher_addresses(person, dispute.raised_by)
    if recipients:
        url = reverse("mypublications:list", args=[person.slug])
        context = {"person": person, "dispute": dispute, "url": settings.SITE_URL + url}
        mail.send("dispute_decision", recipients, context)
    return dispute
