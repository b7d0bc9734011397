from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from jobs.progress import TerminalProgress
from jobs.runner import JobError
from profiles.models import Person
from publications.harvest.models import Source
from publications.harvest.work import harvest


class Command(BaseCommand):
    help = "Harvest one person's works now, in this process, and print the report."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The person's profile address, such as razvan-pascanu.")
        parser.add_argument(
            "--source",
            action="append",
            choices=Source.values,
            help="Ask only this source (repeat for more); all by default.",
        )

    def handle(self, *args, slug, source, **options):
        person = Person.objects.filter(slug=slug).first()
        if person is None:
            raise CommandError(gettext("No person has the address %(slug)r.") % {"slug": slug})
        progress = TerminalProgress.for_command(self, label=f"harvest {slug}")
        try:
            lines = harvest(progress, person_ids=[person.pk], sources=source or Source.values)
        except JobError as error:
            raise CommandError(str(error)) from error
        for line in lines:
            self.stdout.write(line)
