"""A background job as editors see it: what it does, how far it got, its report or error.

The job system (django-tasks) runs the work; this row is what the admin shows and what
a stopped worker leaves behind to be retried.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    title = models.CharField(max_length=300, verbose_name=_("title"))
    # A dotted path to one of our functions; never taken from user input.
    handler = models.CharField(max_length=200, editable=False, verbose_name=_("handler"))
    arguments = models.JSONField(
        default=dict, blank=True, editable=False, verbose_name=_("arguments")
    )
    # An uploaded file, kept so that a retry reads the same text.
    input_text = models.TextField(blank=True, editable=False, verbose_name=_("input text"))
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.QUEUED,
        db_index=True,
        verbose_name=_("status"),
    )
    done = models.PositiveIntegerField(default=0, verbose_name=_("done"))
    total = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("total"))
    step = models.CharField(_("now"), max_length=300, blank=True)
    report = models.TextField(blank=True, verbose_name=_("report"))
    # What a scan found, as ids and reasons, for its page to show (imports leave it empty).
    result = models.JSONField(default=dict, blank=True, editable=False, verbose_name=_("result"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    task_id = models.CharField(max_length=64, blank=True, editable=False, verbose_name=_("task id"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))
    started = models.DateTimeField(null=True, blank=True, verbose_name=_("started"))
    finished = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))
    # The language of whoever started it: its steps, report and errors are written in it.
    language = models.CharField(
        max_length=16, blank=True, editable=False, verbose_name=_("language")
    )
    heartbeat = models.DateTimeField(
        null=True, blank=True, editable=False, verbose_name=_("heartbeat")
    )

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created", "-id"]

    def __str__(self):
        return self.title

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self):
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.done / self.total))
