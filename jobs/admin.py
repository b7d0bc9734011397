from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from jobs.models import Job
from jobs.runner import recover_stale_jobs, start_job

REFRESH_SECONDS = 2
STOP_PARAMETER = "refresh"


def progress_html(job):
    """A <progress> bar with the job's counts, readable without JavaScript."""
    count = (
        gettext("%(done)s of %(total)s") % {"done": job.done, "total": job.total}
        if job.total
        else f"{job.done}"
    )
    return format_html(
        '<progress max="100" value="{}" aria-label="{}">{} %</progress> {}',
        job.percent,
        gettext("Progress of %(title)s") % {"title": job.title},
        job.percent,
        count,
    )


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "progress_bar", "created", "finished", "created_by"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    search_fields = ["title"]
    actions = ["run_again"]
    change_list_template = "admin/jobs/job/change_list.html"
    change_form_template = "admin/jobs/job/change_form.html"
    fields = [
        "title",
        "status",
        "progress_bar",
        "step",
        "report_text",
        "results_link",
        "error_text",
        "attempts",
        "created",
        "started",
        "finished",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def progress_bar(self, job):
        return progress_html(job)

    @admin.display(description=_("results"))
    def results_link(self, job):
        # A scan names the page that shows what it found (jobs knows no other app).
        page = job.result.get("page") if job.status == Job.Status.DONE else None
        if not page:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse(page), gettext("Show what it found"))

    @admin.display(description=_("report"))
    def report_text(self, job):
        return format_html('<pre class="job-report">{}</pre>', job.report) if job.report else "—"

    @admin.display(description=_("error"))
    def error_text(self, job):
        return format_html('<p class="errornote">{}</p>', job.error) if job.error else "—"

    def _refresh(self, request, unfinished):
        """The page refreshes itself while a job runs, unless the editor stopped it
        (`?refresh=off`, WCAG 2.2.1: a time limit the user can turn off)."""
        stopped = request.GET.get(STOP_PARAMETER) == "off"
        query = request.GET.copy()
        query.pop(STOP_PARAMETER, None)
        again = f"?{query.urlencode()}"
        query[STOP_PARAMETER] = "off"
        stop = f"?{query.urlencode()}"
        if STOP_PARAMETER in request.GET:
            # Not a filter of the list: the changelist would refuse an unknown one.
            request.GET = request.GET.copy()
            del request.GET[STOP_PARAMETER]
        return {
            "refresh_seconds": REFRESH_SECONDS if unfinished and not stopped else None,
            "refresh_stopped": unfinished and stopped,
            "refresh_stop_url": stop,
            "refresh_again_url": again,
        }

    def changelist_view(self, request, extra_context=None):
        recover_stale_jobs()
        running = Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING])
        extra = self._refresh(request, running.exists())
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self.get_object(request, object_id)
        extra = self._refresh(request, job is not None and not job.is_finished)
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def has_rerun_permission(self, request):
        # A job writes what its kind writes: imports and harvests write publications.
        return request.user.has_perm("publications.add_publication")

    @admin.action(description=_("Run the selected jobs again"), permissions=["rerun"])
    def run_again(self, request, queryset):
        finished = [job for job in queryset if job.is_finished]
        for job in finished:
            start_job(
                job.title,
                job.handler,
                user=request.user,
                input_text=job.input_text,
                **job.arguments,
            )
        messages.success(
            request,
            ngettext("%(count)d job started again.", "%(count)d jobs started again.", len(finished))
            % {"count": len(finished)},
        )


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's admin, with the two column names it writes as plain English
    translated (locale_third_party/ has its model's own labels)."""

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj):
        return super().formatted_traceback(obj)

    @admin.display(description=_("run after"))
    def display_run_after(self, obj):
        return super().display_run_after(obj)
