"""The work that runs as background jobs (jobs.runner): imports of uploaded files, and
the duplicate and quality scans over the whole directory.

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
from publications.quality import (
    duplicate_people,
    possible_versions,
    quality_checks,
    similar_publications,
)

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


def _pairs(heading, pairs, label):
    yield f"{heading}: {len(pairs)}"
    for pair in pairs:
        first, second = label(pair.first), label(pair.second)
        yield f"  {first} and {second}: {', '.join(pair.reasons)}"


def scan_duplicates(progress, *, input_text=""):
    """The duplicate finder's scan, as a report: likely duplicate people, then works."""
    progress(0, 2, "Comparing people")
    people = duplicate_people()
    progress(1, 2, "Comparing publications")
    works = similar_publications()
    progress(2, 2, "Done")
    return [
        *_pairs("Likely duplicate people", people, lambda p: f"{p.full_name} (#{p.pk})"),
        *_pairs("Likely duplicate publications", works, lambda p: f"“{p.title}” (#{p.pk})"),
    ]


def quality_report(progress, *, input_text=""):
    """The data-quality page's checks, as a report."""
    progress(0, 2, "Running the checks")
    checks = quality_checks()
    progress(1, 2, "Looking for preprints and their published versions")
    versions = possible_versions(similar_publications())
    progress(2, 2, "Done")
    lonely = checks["profiles_without_papers"]
    return [
        f"Publications without a year: {checks['without_year']}",
        f"Publications without a venue: {checks['without_venue']}",
        f"Publications without a DOI or arXiv id: {checks['without_identifier']}",
        f"Names with TeX leftovers: {checks['tex_count']}",
        *(f"  {name} (person #{person.pk})" for person, name in checks["tex_people"]),
        *(f"  {a.name_as_printed} on #{a.publication_id}" for a in checks["tex_bylines"]),
        f"Profiles without any publication: {len(lonely)}",
        *(f"  {person.full_name} (#{person.pk})" for person in lonely),
        f"Possible preprint and published versions: {len(versions)}",
        *(f"  #{pre.pk} “{pre.title}” → #{pub.pk} “{pub.title}”" for pre, pub in versions),
    ]
