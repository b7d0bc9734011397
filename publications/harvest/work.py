"""A harvest as background work: each source for each person, each in one transaction."""

from django.db import transaction

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
    names = people[0].full_name if len(people) == 1 else f"{len(people)} people"
    return start_job(
        f"Harvest for {names}",
        HANDLER,
        user=user,
        person_ids=[person.pk for person in people],
        sources=list(sources or Source.values),
    )


def harvest_one(person, source):
    """One source for one person; returns a report line. A failing source writes
    its run with the error and nothing else."""
    label = Source(source).label
    try:
        records = fetch_works(source, person)
    except SourceError as error:
        record_run(person, source, error=str(error))
        return f"{label} for {person}: failed: {error}"
    if records is None:
        return (
            f"{label} for {person}: skipped; it needs {FETCHERS[source][0]}, and none is recorded."
        )
    with transaction.atomic():
        created, skipped = suggest(person, source, records)
        record_run(person, source, found=len(records), suggested=len(created))
    return (
        f"{label} for {person}: {len(records)} works found, {len(created)} new suggestions, "
        f"{skipped} already on the profile or decided."
    )


def harvest(progress, *, input_text="", person_ids, sources):
    people = list(
        Person.objects.filter(pk__in=person_ids)
        .select_related("harvest")
        .prefetch_related("name_variants")
    )
    if not people:
        raise JobError("None of the people to harvest exists any more.")
    steps, lines = len(people) * len(sources), []
    for person in people:
        for source in sources:
            progress(len(lines), steps, f"Asking {Source(source).label} about {person}")
            lines.append(harvest_one(person, source))
            progress(len(lines), steps, lines[-1][:300])
    return lines
