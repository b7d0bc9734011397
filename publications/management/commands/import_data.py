import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from publications.backup import BackupError, import_directory


class Command(BaseCommand):
    help = "Load a file written by export_data, all of it or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace", action="store_true", help="Delete the current directory first."
        )

    def handle(self, *args, file, replace, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as error:
            raise CommandError(
                gettext("Cannot read %(file)s: %(error)s.")
                % {"file": file, "error": error.strerror}
            ) from None
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(
                gettext("%(file)s is not valid JSON: %(error)s.") % {"file": file, "error": error}
            ) from None
        try:
            loaded = import_directory(data, replace=replace)
        except BackupError as error:
            raise CommandError(
                gettext("Nothing was imported. %(error)s") % {"error": error}
            ) from None
        summary = ", ".join(f"{label}: {n}" for label, n in loaded.items())
        self.stdout.write(
            self.style.SUCCESS(gettext("Imported %(summary)s") % {"summary": summary})
        )
