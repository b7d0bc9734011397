from django.core.management.base import BaseCommand, CommandError

from publications.importers.profile_page import parse_profile
from publications.importers.store import import_profile


class Command(BaseCommand):
    help = "Import a scraped profile page (plain text) with its publications."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                profile = parse_profile(handle.read())
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"{file}: {error}") from error
        report = import_profile(profile)
        for line in report.lines():
            self.stdout.write(line)
