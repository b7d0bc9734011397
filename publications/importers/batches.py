"""Write a healed import in batches, one transaction each, telling progress between them.

A batch is written whole or not at all; a stopped job keeps the batches before it, and
running it again finds those publications and changes nothing else (store.py writes
only what differs).
"""

from dataclasses import fields, replace

from django.conf import settings
from django.db import DatabaseError
from django.utils.formats import number_format
from django.utils.translation import gettext

from publications.importers.store import ImportReport, PersonIndex, write_import

NOTE_FIELDS = ("low_confidence", "doubtful", "repairs", "duplicates", "merged_on_paper")


class BatchRefused(Exception):
    """The database refused a batch: it was rolled back, the batches before it stay."""


def _refused(parsed, first, last, count, error):
    reason = next(iter(str(error).strip().splitlines()), type(error).__name__)
    return BatchRefused(
        gettext(
            "%(source)s: the database refused publications %(first)s to %(last)s of "
            "%(count)s (%(error)s). That batch was not written; the %(written)s before it "
            "were, and running the import again adds the rest."
        )
        % {
            "source": parsed.source,
            "first": number_format(first),
            "last": number_format(last),
            "count": number_format(count),
            "written": number_format(first - 1),
            "error": reason,
        }
    )


def _batches(parsed, size):
    """The import cut into imports of `size` publications. Each keeps what applies to
    every record (the owner, the names left for review); the healing notes belong to
    the whole file, so only the first batch reports them."""
    records = parsed.publications
    for start in range(0, max(len(records), 1), size):
        notes = {} if start == 0 else {name: type(getattr(parsed, name))() for name in NOTE_FIELDS}
        yield replace(parsed, publications=records[start : start + size], **notes)


def _merge(total, part):
    for item in fields(ImportReport):
        if isinstance(getattr(total, item.name), list):
            getattr(total, item.name).extend(getattr(part, item.name))


def write_in_batches(parsed, progress, *, dry_run=False, size=None):
    """Write `parsed` as write_import does, in transactions of `size` publications.
    Raises BatchRefused, naming the batch, when the database refuses one."""
    if dry_run:
        progress(0, 1, gettext("Dry run"))
        report = write_import(parsed, dry_run=True)
        progress(1, 1, gettext("Dry run done"))
        return report
    size = size or settings.IMPORT_BATCH_SIZE
    count = len(parsed.publications)
    report = ImportReport(source=parsed.source)
    progress(0, count, gettext("Writing %(count)d publications") % {"count": count})
    written = 0
    # Read once and kept current by the batches (a failed batch ends the import).
    index = PersonIndex()
    for batch in _batches(parsed, size):
        try:
            _merge(report, write_import(batch, index=index))
        except DatabaseError as error:
            last = written + len(batch.publications)
            raise _refused(parsed, written + 1, last, count, error) from error
        written += len(batch.publications)
        step = gettext("Written %(written)d of %(count)d publications")
        progress(written, count, step % {"written": written, "count": count})
    created = set(report.people_created)
    report.people_matched = [
        name for name in dict.fromkeys(report.people_matched) if name not in created
    ]
    return report
