"""Writes of "My publications": featured order, hiding, printed names, "not mine".

The featured order ("featured": entry pks, first shown first) and the hidden entries
("hidden": entry pks) are profile fields of the review setting, kept in a pending
revision when they wait; "not_mine" waits as a claim in its own queue.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profiles.models import Person
from profiles.selfservice import mail
from profiles.selfservice.services import (
    is_reviewed,
    open_revision,
    register_outside_field,
    researcher_addresses,
    submit_changes,
)
from publications.models import Authorship, BylineDispute


def _published_hidden(person):
    hidden = Authorship.objects.filter(person=person, hidden=True)
    return sorted(hidden.values_list("pk", flat=True))


def _published_featured(person):
    featured = Authorship.objects.filter(person=person, featured_rank__isnull=False)
    return list(featured.order_by("featured_rank", "pk").values_list("pk", flat=True))


def _save(authorship, user):
    authorship._history_user = user
    authorship.save()


def _apply_hidden(person, pks, user):
    """Hide the person's entries among `pks` and show the others; hiding unfeatures."""
    pks = set(pks)
    entries = Authorship.objects.select_for_update().filter(person=person)
    for authorship in entries.filter(Q(hidden=True) | Q(pk__in=pks)):
        hide = authorship.pk in pks
        if authorship.hidden != hide:
            authorship.hidden = hide
            authorship.featured_rank = None if hide else authorship.featured_rank
            _save(authorship, user)


def _apply_featured(person, pks, user):
    """Feature the person's entries among `pks` in that order; a hidden one stays off."""
    rank_of = {pk: rank for rank, pk in enumerate(pks, 1)}
    entries = Authorship.objects.select_for_update().filter(person=person)
    for authorship in entries.filter(Q(featured_rank__isnull=False) | Q(pk__in=pks)):
        rank = None if authorship.hidden else rank_of.get(authorship.pk)
        if authorship.featured_rank != rank:
            authorship.featured_rank = rank
            _save(authorship, user)


def _titles(lists):
    pks = {pk for values in lists for pk in values}
    rows = Authorship.objects.filter(pk__in=pks).values_list("pk", "publication__title")
    return dict(rows), gettext("(no longer on the profile)")


def _describe_featured(lists):
    titles, gone = _titles(lists)
    return [
        "; ".join(f"{rank}. {titles.get(pk, gone)}" for rank, pk in enumerate(values, 1))
        for values in lists
    ]


def _describe_hidden(lists):
    titles, gone = _titles(lists)
    return ["; ".join(titles.get(pk, gone) for pk in values) for values in lists]


# Hidden first: an entry hidden by the same revision is not featured.
register_outside_field(
    "hidden",
    label=_("hidden publications"),
    published=_published_hidden,
    apply=_apply_hidden,
    describe=_describe_hidden,
)
register_outside_field(
    "featured",
    label=_("featured publications"),
    published=_published_featured,
    apply=_apply_featured,
    describe=_describe_featured,
)


def chosen(person, revision):
    """({entry pk: featured rank}, {hidden entry pks}) as the researcher last chose
    them: what waits for an editor in the open `revision`, else what is published."""
    changes = revision.changes if revision else {}
    rows = Authorship.objects.filter(person=person).filter(
        Q(featured_rank__isnull=False) | Q(hidden=True)
    )
    rows = list(rows.values_list("pk", "featured_rank", "hidden"))
    ranks = {pk: rank for pk, rank, _hidden in rows if rank is not None}
    hidden = {pk for pk, _rank, is_hidden in rows if is_hidden}
    if "featured" in changes:
        ranks = {pk: rank for rank, pk in enumerate(changes["featured"], 1)}
    if "hidden" in changes:
        hidden = set(changes["hidden"])
    return ranks, hidden


def save_choices(*, person, user, choices):
    """Apply {entry pk: (featured rank or None, hidden, name as printed)} of one page.

    Only the person's own entries are touched; the others are ignored. The names as
    printed publish at once; the featured order and the hidden entries publish or wait
    as the review setting says. Returns (labels published, labels waiting).
    """
    with transaction.atomic():
        entries = Authorship.objects.select_for_update().filter(person=person, pk__in=choices)
        ranks, hidden = chosen(person, open_revision(person))
        printed_changed = False
        for authorship in entries:
            rank, hide, printed = choices[authorship.pk]
            ranks.pop(authorship.pk, None)
            if rank is not None:
                ranks[authorship.pk] = rank
            (hidden.add if hide else hidden.discard)(authorship.pk)
            if authorship.name_as_printed != printed:
                authorship.name_as_printed = printed
                _save(authorship, user)
                printed_changed = True
        featured = [pk for pk, _rank in sorted(ranks.items(), key=lambda item: (item[1], item[0]))]
        published, waiting = submit_changes(
            person=person, user=user, values={"hidden": sorted(hidden), "featured": featured}
        )
    if printed_changed:
        published.append(gettext("name as printed"))
    return published, waiting


def raise_dispute(*, authorship, user, reason):
    """Queue a "not mine" for the editors, the byline as it is until they decide; or,
    when the review setting leaves "not_mine" out, resolve it at once in the
    researcher's name. Returns (the claim, whether it is new)."""
    dispute, created = BylineDispute.objects.get_or_create(
        authorship=authorship,
        status=BylineDispute.Status.PENDING,
        defaults={"person_id": authorship.person_id, "raised_by": user, "reason": reason},
    )
    if not is_reviewed("not_mine"):
        dispute = decide_dispute(dispute=dispute, editor=user, resolve=True, notify=False)
    return dispute, created


def decide_dispute(*, dispute, editor, resolve, message="", notify=True):
    """Resolve (move the entry to an outside co-author of the printed name) or dismiss;
    `notify` emails the researcher the decision."""
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
            authorship._change_reason = gettext("“Not mine” claim %(id)d by %(person)s") % {
                "id": dispute.pk,
                "person": person,
            }
            authorship.save()
        status = "resolved" if resolve else "dismissed"
        dispute.record_decision(editor=editor, status=status, message=message)
    recipients = researcher_addresses(person, dispute.raised_by) if notify else []
    if recipients:
        url = reverse("mypublications:list", args=[person.slug])
        context = {"person": person, "dispute": dispute, "url": settings.SITE_URL + url}
        mail.send("dispute_decision", recipients, context)
    return dispute
