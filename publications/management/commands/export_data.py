import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from publications.backup import counts, dumps, export_directory


class Command(BaseCommand):
    help = "Write the whole directory (people, topics, publications, bylines) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", default="-", help="File to write; - for stdout.")
        parser.add_argument(
            "--with-history", action="store_true", help="Include every recorded change."
        )

    def handle(self, *args, output, with_history, **options):
        data = export_directory(history=with_history)
        text = dumps(data)
        if output == "-":
            self.stdout.write(text)
        else:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        summary = ", ".join(f"{label}: {n}" for label, n in counts(data).items())
        sys.stderr.write(gettext("Exported %(summary)s") % {"summary": summary} + "\n")
