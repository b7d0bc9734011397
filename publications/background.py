"""The work that runs as background jobs (jobs.runner): imports of uploaded files.

Each handler takes (progress, *, input_text, **arguments) and returns report lines.
"""

from django.conf import settings

from jobs.runner import JobError
from publications.importers.batches import write_in_batches
from publications.importers.bibtex import parse_bibtex
from publications.importers.common import ImportFileError
from publications.importers.healing import heal
from publications.importers.profile_page import parse_profile
from publications.importers.store import stored_spellings

PARSERS = {"bibtex": parse_bibtex, "profile": parse_profile}


def parse_and_heal(text, *, format, source):
    """A healed ParsedImport of `text`, or ImportFileError saying what is wrong."""
    parsed = PARSERS[format](text, source=source)
    parsed.source = source
    return heal(parsed, known_names=stored_spellings())


def import_file(progress, *, input_text, format, source, dry_run=False):
    progress(0, None, f"Reading {source}")
    try:
        parsed = parse_and_heal(input_text, format=format, source=source)
    except ImportFileError as error:
        raise JobError(f"{error} Nothing was written.") from error
    report = write_in_batches(parsed, progress, dry_run=dry_run)
    size = settings.IMPORT_BATCH_SIZE
    return [
        *report.lines(),
        f"Written in transactions of {size} publications: a stopped import keeps the "
        "batches before it, and running it again adds the rest.",
    ]
