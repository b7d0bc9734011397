"""The work that runs as background jobs (jobs.runner): imports of uploaded files, and
the duplicate and quality scans over the whole directory.

Each handler takes (progress, *, input_text, **arguments) and returns report lines.
"""

from django.conf import settings
from django.utils.translation import gettext

from jobs.runner import JobError, JobReport
from publications.importers.batches import BatchRefused, write_in_batches
from publications.importers.bibtex import parse_bibtex
from publications.importers.common import ImportFileError
from publications.importers.healing import heal
from publications.importers.profile_page import parse_profile
from publications.importers.store import stored_spellings
from publications.quality import (
    duplicate_people,
    kept_form,
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
    progress(0, None, gettext("Reading %(source)s") % {"source": source})
    try:
        parsed = parse_and_heal(input_text, format=format, source=source)
    except ImportFileError as error:
        raise JobError(gettext("%(error)s Nothing was written.") % {"error": error}) from error
    try:
        report = write_in_batches(parsed, progress, dry_run=dry_run)
    except BatchRefused as error:
        raise JobError(str(error)) from error
    return [
        *report.lines(),
        gettext(
            "Written in transactions of %(size)d publications: a stopped import keeps the "
            "batches before it, and running it again adds the rest."
        )
        % {"size": settings.IMPORT_BATCH_SIZE},
    ]


def _count(heading, count):
    return gettext("%(heading)s: %(count)d") % {"heading": heading, "count": count}


def _pairs(heading, pairs, label):
    yield _count(heading, len(pairs))
    for pair in pairs:
        yield "  " + gettext("%(first)s and %(second)s: %(reasons)s") % {
            "first": label(pair.first),
            "second": label(pair.second),
            "reasons": ", ".join(map(str, pair.reasons)),
        }


def _stage(progress, number, stages, label):
    """A `progress(done, total)` for one stage of a scan, named in the job's step."""
    step = gettext("%(label)s (step %(number)d of %(stages)d)") % {
        "label": label,
        "number": number,
        "stages": stages,
    }

    def told(done, total=None, _step=""):
        progress(done, total, step)

    return told


def _pair_ids(pairs):
    return [[pair.first.pk, pair.second.pk, kept_form(pair.reasons)] for pair in pairs]


# A scan only reads: a worker that stops midway leaves nothing behind, and the job is
# run again from the start (jobs.runner.recover_stale_jobs) or by "Run again".
DUPLICATES_PAGE = "admin:publications_publication_duplicates"
QUALITY_PAGE = "admin:publications_publication_quality"


def scan_duplicates(progress, *, input_text=""):
    """The duplicate finder's scan: likely duplicate people, then works; the pairs are
    kept in the job's result for the duplicates page."""
    people = duplicate_people(_stage(progress, 1, 2, gettext("Comparing people")))
    works = similar_publications(_stage(progress, 2, 2, gettext("Comparing publications")))
    progress(progress.done, progress.total, gettext("Done"))
    lines = [
        *_pairs(gettext("Likely duplicate people"), people, lambda p: f"{p.full_name} (#{p.pk})"),
        *_pairs(
            gettext("Likely duplicate publications"), works, lambda p: f"“{p.title}” (#{p.pk})"
        ),
    ]
    data = {"page": DUPLICATES_PAGE, "people": _pair_ids(people), "publications": _pair_ids(works)}
    return JobReport(lines, data)


def quality_report(progress, *, input_text=""):
    """The data-quality page's checks: a report, and its findings kept in the job's
    result for the quality page."""
    progress(0, 1, gettext("Running the checks (step 1 of 3)"))
    checks = quality_checks()
    progress(1, 1, gettext("Running the checks (step 1 of 3)"))
    similar = similar_publications(
        _stage(progress, 2, 3, gettext("Looking for preprints and their published versions"))
    )
    versions = possible_versions(similar)
    people_pairs = duplicate_people(
        _stage(progress, 3, 3, gettext("Looking for authors not linked to a profile"))
    )
    unlinked = [pair for pair in people_pairs if pair.first.has_profile != pair.second.has_profile]
    progress(progress.done, progress.total, gettext("Done"))
    lonely = checks["profiles_without_papers"]
    person = gettext("person")
    on = gettext("%(name)s on #%(publication)d")
    lines = [
        _count(gettext("Publications without a year"), checks["without_year"]),
        _count(gettext("Publications without a venue"), checks["without_venue"]),
        _count(gettext("Publications without a DOI or arXiv id"), checks["without_identifier"]),
        _count(gettext("Names with TeX leftovers"), checks["tex_count"]),
        *(f"  {name} ({person} #{who.pk})" for who, name in checks["tex_people"]),
        *(
            "  " + on % {"name": a.name_as_printed, "publication": a.publication_id}
            for a in checks["tex_bylines"]
        ),
        _count(gettext("Profiles without any publication"), len(lonely)),
        *(f"  {who.full_name} (#{who.pk})" for who in lonely),
        *_pairs(
            gettext("Authors not linked to a similar profile"),
            unlinked,
            lambda p: f"{p.full_name} (#{p.pk})",
        ),
        _count(gettext("Possible preprint and published versions"), len(versions)),
        *(f"  #{pre.pk} “{pre.title}” → #{pub.pk} “{pub.title}”" for pre, pub in versions),
    ]
    data = {
        "page": QUALITY_PAGE,
        "counts": {
            name: checks[name]
            for name in (
                "without_year",
                "without_venue",
                "without_identifier",
                "without_language",
                "tex_count",
            )
        },
        "tex_people": [[who.pk, name] for who, name in checks["tex_people"]],
        "tex_bylines": [a.pk for a in checks["tex_bylines"]],
        "profiles_without_papers": [who.pk for who in lonely],
        "missing_translations": [list(row) for row in checks["missing_translation_counts"]],
        "unlinked_people": _pair_ids(unlinked),
        "versions": [[pre.pk, pub.pk] for pre, pub in versions],
    }
    return JobReport(lines, data)
