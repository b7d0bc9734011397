from django.core.management.base import BaseCommand, CommandError

from jobs.progress import TerminalProgress
from publications.importers.batches import BatchRefused, write_in_batches
from publications.importers.common import ImportFileError, read_source
from publications.importers.healing import heal
from publications.importers.store import stored_spellings


class ImportCommand(BaseCommand):
    """Read FILE with `parse`, heal names, write it in batches of IMPORT_BATCH_SIZE
    publications (one transaction each, progress on stderr), print the report.

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
        progress = TerminalProgress.for_command(self, label=file)
        try:
            report = write_in_batches(parsed, progress, dry_run=dry_run)
        except BatchRefused as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
