"""Compile the translation catalogues (.po) into the .mo files Django reads, in Python.

Django's compilemessages needs GNU gettext's msgfmt, which a fresh machine with only
python3 and make lacks; polib (a dev dependency) writes the same .mo files. The .mo
files are committed, so running the site needs neither.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def catalogues():
    """Every .po file under LOCALE_PATHS, in a stable order."""
    return sorted(path for folder in settings.LOCALE_PATHS for path in Path(folder).rglob("*.po"))


class Command(BaseCommand):
    help = "Compile every .po catalogue under LOCALE_PATHS into its .mo file, with polib."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail when a .mo file differs from its .po catalogue.",
        )

    def handle(self, *args, check=False, **options):
        try:
            import polib
        except ImportError as error:
            raise CommandError("polib is missing: pip install --group dev") from error
        stale = []
        for po_path in catalogues():
            mo_path = po_path.with_suffix(".mo")
            compiled = polib.pofile(str(po_path)).to_binary()
            if check:
                if not mo_path.exists() or mo_path.read_bytes() != compiled:
                    stale.append(mo_path)
                continue
            mo_path.write_bytes(compiled)
            self.stdout.write(f"Compiled {po_path} into {mo_path.name}.")
        if stale:
            raise CommandError(
                "Out of date with their catalogues (run make messages): "
                + ", ".join(str(path) for path in stale)
            )
