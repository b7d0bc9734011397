from django.core.management.base import BaseCommand
from django.db.models import Q

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
                self.stdout.write(f"due: {person.full_name}")
            else:
                start_harvest([person])
        verb = "due" if dry_run else "harvest jobs queued"
        self.stdout.write(f"{count} {verb}; {recovered} stopped jobs recovered.")
