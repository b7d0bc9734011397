"""What the last duplicate scan or quality report found, as its admin page shows it.

The scans run as background jobs (publications.background) and keep ids and reasons in
the job's result; a page reads the newest finished one in a fixed number of queries and
leaves out what changed since: records merged or deleted, versions linked since.
"""

from jobs.models import Job
from jobs.runner import unfinished_job
from profiles.models import Person
from publications.models import Authorship, Publication
from publications.quality import Pair, from_kept_form, missing_translations

DUPLICATES = "publications.background.scan_duplicates"
QUALITY = "publications.background.quality_report"


def scan_state(handler):
    """{"last": the newest finished job of `handler` or None, "running": the newest
    waiting or running one or None}, in two queries."""
    last = (
        Job.objects.filter(handler=handler, status__in=[Job.Status.DONE, Job.Status.FAILED])
        .order_by("-finished", "-id")
        .first()
    )
    return {"last": last, "running": unfinished_job(handler)}


def _pairs(rows, records):
    return [
        Pair(records[a], records[b], from_kept_form(reasons))
        for a, b, reasons in rows
        if a in records and b in records
    ]


def duplicates_found(job):
    """{"people": [Pair], "publications": [Pair]} of a finished scan's result."""
    data = job.result if job and job.status == Job.Status.DONE else {}
    people_rows, work_rows = data.get("people", []), data.get("publications", [])
    people = Person.objects.in_bulk({pk for row in people_rows for pk in row[:2]})
    works = Publication.objects.in_bulk({pk for row in work_rows for pk in row[:2]})
    return {"people": _pairs(people_rows, people), "publications": _pairs(work_rows, works)}


def quality_found(job):
    """The quality page's {"checks", "versions", "unlinked_people"} of a finished
    report's result, or None when there is none; four queries."""
    if not job or job.status != Job.Status.DONE or "counts" not in job.result:
        return None
    data = job.result
    person_ids = {
        *(pk for pk, _ in data["tex_people"]),
        *data["profiles_without_papers"],
        *(pk for row in data["unlinked_people"] for pk in row[:2]),
    }
    people = Person.objects.in_bulk(person_ids)
    bylines = list(
        Authorship.objects.filter(pk__in=data["tex_bylines"])
        .select_related("publication", "person")
        .order_by("id")
    )
    works = Publication.objects.in_bulk({pk for pair in data["versions"] for pk in pair})
    versions = [
        (works[pre], works[pub])
        for pre, pub in data["versions"]
        if pre in works and pub in works and works[pre].version_of_id != pub
    ]
    checks = {
        **data["counts"],
        "tex_people": [(people[pk], name) for pk, name in data["tex_people"] if pk in people],
        "tex_bylines": bylines,
        "profiles_without_papers": [
            people[pk] for pk in data["profiles_without_papers"] if pk in people
        ],
        "missing_translations": missing_translations(data["missing_translations"]),
    }
    return {
        "checks": checks,
        "versions": versions,
        "unlinked_people": _pairs(data["unlinked_people"], people),
    }
