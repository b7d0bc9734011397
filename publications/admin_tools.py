"""Admin additions for publications: merges, the duplicate finder, the data-quality page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from jobs.admin import REFRESH_SECONDS, progress_html
from jobs.runner import start_job, unfinished_job
from profiles.admin_tools import MergeActionMixin, StaleEditGuardMixin
from publications.merging import merge_publications, publication_merge_conflicts
from publications.models import Publication
from publications.scan_results import (
    DUPLICATES,
    QUALITY,
    duplicates_found,
    quality_found,
    scan_state,
)

SCAN_JOBS = {
    "duplicates": (_("Duplicate scan"), DUPLICATES),
    "quality": (_("Quality report"), QUALITY),
}


def _publication_conflicts(*, keep, other):
    conflicts, bylines_differ = publication_merge_conflicts(keep=keep, other=other)
    extra = []
    if bylines_differ:
        extra.append(
            gettext(
                "The bylines differ: the kept record’s authors stay in their order and the "
                "authors only the other lists are added after them."
            )
        )
    return conflicts, extra


class PublicationToolsMixin(MergeActionMixin, StaleEditGuardMixin):
    merge_function = staticmethod(merge_publications)
    conflicts_function = staticmethod(_publication_conflicts)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "duplicates/",
                wrap(self.duplicates_view),
                name="publications_publication_duplicates",
            ),
            path("quality/", wrap(self.quality_view), name="publications_publication_quality"),
            path(
                "scan-job/",
                wrap(require_POST(self.scan_job_view)),
                name="publications_publication_scan_job",
            ),
            path(
                "link-versions/",
                wrap(require_POST(self.link_versions_view)),
                name="publications_publication_link_versions",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, title, **extra):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "can_merge": self.has_change_permission(request)
            and self.has_delete_permission(request),
            **extra,
        }

    def _scan_context(self, request, kind):
        """The newest finished and the running scan of `kind`; the page reloads itself
        (no JavaScript needed) while one runs."""
        state = scan_state(SCAN_JOBS[kind][1])
        running = state["running"]
        return {
            "scan": kind,
            "last_scan": state["last"],
            "running_scan": running,
            "running_progress": progress_html(running) if running else "",
            "refresh_seconds": REFRESH_SECONDS if running else None,
        }

    def duplicates_view(self, request):
        scan = self._scan_context(request, "duplicates")
        context = self._context(
            request,
            gettext("Likely duplicates"),
            **scan,
            **duplicates_found(scan["last_scan"]),
        )
        return TemplateResponse(request, "admin/duplicates.html", context)

    def quality_view(self, request):
        # Each scan reads the whole directory (seconds at 200,000 publications): the page
        # shows what the last background scan found.
        scan = self._scan_context(request, "quality")
        found = quality_found(scan["last_scan"])
        context = self._context(
            request, gettext("Data quality"), **scan, found=found is not None, **(found or {})
        )
        return TemplateResponse(request, "admin/quality.html", context)

    def scan_job_view(self, request):
        """Run the duplicate scan or the quality report as a background job; one of a
        kind at a time: while one waits or runs, its page is shown instead."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        kind = request.POST.get("scan")
        if kind not in SCAN_JOBS:
            messages.error(request, gettext("Choose the duplicate scan or the quality report."))
            return redirect("admin:publications_publication_quality")
        title, handler = SCAN_JOBS[kind]
        job = unfinished_job(handler)
        if job is not None:
            messages.info(request, gettext("This scan is already running: here it is."))
        else:
            job = start_job(str(title), handler, user=request.user)
        return redirect(reverse("admin:jobs_job_change", args=[job.pk]))

    def link_versions_view(self, request):
        """Link a preprint to its published version instead of merging two real records."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        with transaction.atomic():
            preprint = get_object_or_404(
                Publication.objects.select_for_update(), pk=request.POST.get("preprint")
            )
            published = get_object_or_404(Publication, pk=request.POST.get("published"))
            if published.pk == preprint.pk or published.version_of_id == preprint.pk:
                messages.error(request, gettext("These two cannot be linked as versions."))
                return redirect("admin:publications_publication_quality")
            preprint.version_of = published
            preprint._change_reason = gettext("Linked as a version of #%(id)d") % {
                "id": published.pk
            }
            preprint.save()
        messages.success(
            request,
            gettext("“%(preprint)s” is now linked as a version of “%(published)s”.")
            % {"preprint": preprint, "published": published},
        )
        return redirect("admin:publications_publication_quality")
