from django.core.management.base import BaseCommand, CommandError

from publications.importers.common import ImportFileError, read_source
from publications.importers.healing import heal
from publications.importers.store import stored_spellings, write_import


class ImportCommand(BaseCommand):
    """Read FILE with `parse`, heal names, write it in one transaction, print the report.

    Subclasses set `parse` to a parser taking (text, source=...).
    """

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the report and write nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            parsed = self.parse(read_source(file), source=file)
            heal(parsed, known_names=stored_spellings())
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        report = write_import(parsed, dry_run=dry_run)
        for line in report.lines():
            self.stdout.write(line)
