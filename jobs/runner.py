"""Start jobs, run them in a worker (django-tasks), and recover the ones a worker dropped.

A handler is a function `handler(progress, *, input_text, **arguments)` that returns its
report as lines (or a JobReport, lines with data for a page to show) and writes in
transactions of its own choosing; it raises JobError with a message for the editor when
the work cannot be done.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django_tasks import task

from jobs.models import Job
from jobs.progress import JobProgress

logger = logging.getLogger(__name__)


class JobReport(list):
    """Report lines with `data` (JSON) kept in the job's row for a page to show."""

    def __init__(self, lines, data):
        super().__init__(lines)
        self.data = data


class JobError(Exception):
    """Work that cannot be done; the message is shown to the editor as the job's error."""


def unfinished_job(handler):
    """The newest waiting or running job of `handler`, or None."""
    return (
        Job.objects.filter(handler=handler, status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        .order_by("-created", "-id")
        .first()
    )


def start_job(title, handler, *, user=None, input_text="", **arguments):
    """Create a job for `handler` (a dotted path) and hand it to the worker; return it."""
    job = Job.objects.create(
        title=title[:300],
        handler=handler,
        arguments=arguments,
        input_text=input_text,
        created_by=user if user and user.is_authenticated else None,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    _enqueue(job)
    job.refresh_from_db()
    return job


def _enqueue(job):
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


def _claim(job_id):
    """Mark a waiting job running; None when another worker has it or it is gone."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.QUEUED:
            return None
        now = timezone.now()
        job.status, job.started, job.heartbeat = Job.Status.RUNNING, now, now
        job.attempts += 1
        job.error = ""
        job.save(update_fields=["status", "started", "heartbeat", "attempts", "error"])
    return job


def _finish(job, progress, **fields):
    Job.objects.filter(pk=job.pk).update(
        done=progress.done,
        total=progress.total,
        step=progress.step[:300],
        finished=timezone.now(),
        heartbeat=timezone.now(),
        **fields,
    )


@task()
def run_job(job_id):
    """Run one job by its row; the outcome is written to the row, never raised."""
    job = _claim(job_id)
    if job is None:
        return None
    with translation.override(job.language or settings.LANGUAGE_CODE):
        _run(job)
    return job.pk


def _run(job):
    progress = JobProgress(job)
    handler = import_string(job.handler)
    try:
        lines = handler(progress, input_text=job.input_text, **job.arguments)
    except JobError as error:
        _finish(job, progress, status=Job.Status.FAILED, error=str(error))
    except Exception as error:
        logger.exception("job %s failed", job.pk)
        message = gettext("The job stopped on an unexpected error (%(error)s).") % {
            "error": f"{type(error).__name__}: {error}"
        }
        _finish(job, progress, status=Job.Status.FAILED, error=message)
    else:
        if progress.total is None:
            progress.total = progress.done
        data = getattr(lines, "data", {})
        _finish(job, progress, status=Job.Status.DONE, report="\n".join(lines), result=data)


def recover_stale_jobs():
    """Jobs whose worker stopped (no heartbeat for JOB_STALE_SECONDS): queued again while
    attempts remain, else failed with a message. Returns how many were recovered."""
    limit = timezone.now() - datetime.timedelta(seconds=settings.JOB_STALE_SECONDS)
    stale = list(Job.objects.filter(status=Job.Status.RUNNING, heartbeat__lt=limit))
    for job in stale:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            _recover(job)
    return len(stale)


def _recover(job):
    if job.attempts < settings.JOB_MAX_ATTEMPTS:
        updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.QUEUED, step=gettext("Waiting to be tried again")
        )
        if updated:
            _enqueue(job)
    else:
        error = gettext(
            "The worker stopped while running this job (last heard from %(heartbeat)s UTC), "
            "%(attempts)d times. What it had written is kept whole; run it again to finish."
        ) % {"heartbeat": f"{job.heartbeat:%Y-%m-%d %H:%M}", "attempts": job.attempts}
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED, finished=timezone.now(), error=error
        )
