"""A harvest as background work: each source for each person, each in one transaction."""

from django.db import transaction
from django.utils.translation import gettext, ngettext

from jobs.runner import JobError, start_job
from profiles.models import Person
from publications.harvest.fetching import FETCHERS, fetch_works
from publications.harvest.models import Source
from publications.harvest.review import record_run, suggest
from publications.harvest.sources.http import SourceError

HANDLER = "publications.harvest.work.harvest"


def start_harvest(people, *, sources=None, user=None):
    """A job that harvests `people` (Persons) from `sources` (all when None)."""
    people = list(people)
    if len(people) == 1:
        title = gettext("Harvest for %(name)s") % {"name": people[0].full_name}
    else:
        title = gettext("Harvest for %(count)d people") % {"count": len(people)}
    return start_job(
        title,
        HANDLER,
        user=user,
        person_ids=[person.pk for person in people],
        sources=list(sources or Source.values),
    )


def harvest_one(person, source):
    """One source for one person; returns a report line. A failing source writes
    its run with the error and nothing else."""
    said = {"source": Source(source).label, "person": person}
    try:
        records = fetch_works(source, person)
    except SourceError as error:
        record_run(person, source, error=str(error))
        return gettext("%(source)s for %(person)s: failed: %(error)s") % {**said, "error": error}
    if records is None:
        return gettext(
            "%(source)s for %(person)s: skipped; it needs %(needed)s, and none is recorded."
        ) % {**said, "needed": FETCHERS[source][0]}
    with transaction.atomic():
        created, skipped = suggest(person, source, records)
        record_run(person, source, found=len(records), suggested=len(created))
    found = ngettext("%(count)d work found", "%(count)d works found", len(records))
    new = ngettext("%(count)d new suggestion", "%(count)d new suggestions", len(created))
    return gettext(
        "%(source)s for %(person)s: %(found)s, %(new)s, %(skipped)d already on the profile "
        "or decided."
    ) % {
        **said,
        "found": found % {"count": len(records)},
        "new": new % {"count": len(created)},
        "skipped": skipped,
    }


def harvest(progress, *, input_text="", person_ids, sources):
    people = list(
        Person.objects.filter(pk__in=person_ids)
        .select_related("harvest")
        .prefetch_related("name_variants")
    )
    if not people:
        raise JobError(gettext("None of the people to harvest exists any more."))
    steps, lines = len(people) * len(sources), []
    for person in people:
        for source in sources:
            asking = gettext("Asking %(source)s about %(person)s")
            progress(len(lines), steps, asking % {"source": Source(source).label, "person": person})
            lines.append(harvest_one(person, source))
            progress(len(lines), steps, lines[-1][:300])
    return lines
