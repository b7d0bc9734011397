from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils.translation import gettext, ngettext

from jobs.runner import recover_stale_jobs
from profiles.models import Person
from publications.harvest.work import start_harvest


class Command(BaseCommand):
    help = (
        "Queue one harvest job per person due for the nightly harvest: people with a "
        "profile and an ORCID iD or harvest settings, unless their settings turn it off. "
        "Run it from cron; the workers do the harvesting."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List who is due; queue nothing."
        )

    def handle(self, *args, dry_run, **options):
        recovered = 0 if dry_run else recover_stale_jobs()
        due = (
            Person.objects.with_profile()
            .filter(Q(orcid__isnull=False) & ~Q(orcid="") | Q(harvest__isnull=False))
            .exclude(harvest__nightly=False)
            .order_by("sort_name", "id")
        )
        count = 0
        for person in due:
            count += 1
            if dry_run:
                self.stdout.write(gettext("due: %(name)s") % {"name": person.full_name})
            else:
                start_harvest([person])
        if dry_run:
            found = ngettext("%(count)d due", "%(count)d due", count)
        else:
            found = ngettext("%(count)d harvest job queued", "%(count)d harvest jobs queued", count)
        recovered_text = ngettext(
            "%(count)d stopped job recovered", "%(count)d stopped jobs recovered", recovered
        )
        self.stdout.write(
            gettext("%(found)s; %(recovered)s.")
            % {
                "found": found % {"count": count},
                "recovered": recovered_text % {"count": recovered},
            }
        )
