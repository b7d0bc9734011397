"""Email the editors what waits for their review: profile changes and "not mine" claims."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from profiles.selfservice import mail
from profiles.selfservice.models import PendingRevision
from profiles.selfservice.services import label_of
from publications.models import BylineDispute


def reviewers():
    """Active users with an email who may decide revisions: superusers and editors."""
    may = Q(groups__permissions__codename="change_pendingrevision") | Q(
        user_permissions__codename="change_pendingrevision"
    )
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return users.filter(Q(is_superuser=True) | may).distinct().order_by("pk")


class Command(BaseCommand):
    help = "Email the editors a digest of the profile changes and claims waiting for review."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the digest instead of sending it."
        )

    def handle(self, *args, dry_run=False, **options):
        revisions = PendingRevision.objects.filter(status="pending").select_related("person")
        disputes = BylineDispute.objects.filter(status="pending").select_related(
            "person", "authorship__publication"
        )
        items = [
            (
                f"{revision.person}: {', '.join(label_of(name) for name in revision.changes)}",
                reverse("admin:selfservice_pendingrevision_change", args=[revision.pk]),
            )
            for revision in revisions
        ] + [
            (
                gettext("%(person)s: not the author of “%(publication)s”")
                % {"person": dispute.person, "publication": dispute.authorship.publication},
                reverse("admin:publications_bylinedispute_change", args=[dispute.pk]),
            )
            for dispute in disputes
        ]
        if not items:
            self.stdout.write(gettext("Nothing waits for review; no email sent."))
            return
        items = [(text, settings.SITE_URL + path) for text, path in items]
        addresses = list(reviewers().values_list("email", flat=True))
        if dry_run:
            for text, url in items:
                self.stdout.write(f"{text} {url}")
            self.stdout.write(
                ngettext(
                    "Would email %(count)d editor.",
                    "Would email %(count)d editors.",
                    len(addresses),
                )
                % {"count": len(addresses)}
            )
            return
        if addresses:
            mail.send("digest", addresses, {"items": items})
        waiting = ngettext("%(count)d item waiting", "%(count)d items waiting", len(items))
        emailed = ngettext("emailed %(count)d editor", "emailed %(count)d editors", len(addresses))
        self.stdout.write(
            gettext("%(waiting)s; %(emailed)s.")
            % {
                "waiting": waiting % {"count": len(items)},
                "emailed": emailed % {"count": len(addresses)},
            }
        )
