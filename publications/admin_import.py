"""The admin pages that upload a BibTeX file or a profile page through the importers.

The file is read and checked in the request, so a bad file is refused at once with
nothing written; a dry run reports at once too. The write runs as a background job
whose page shows its progress and report.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jobs.runner import start_job
from publications.background import parse_and_heal
from publications.importers.common import ImportFileError, check_size, decode_source
from publications.importers.store import write_import

FORMATS = {
    "bibtex": (
        _("BibTeX file"),
        _("A .bib file in UTF-8, up to 10 MB."),
        _("Import a BibTeX file"),
    ),
    "profile": (
        _("Profile page"),
        _("A scraped profile page as plain text in UTF-8, up to 10 MB."),
        _("Import a profile page"),
    ),
}


class UploadForm(forms.Form):
    file = forms.FileField()
    dry_run = forms.BooleanField(
        required=False, label=_("Dry run: show the report and write nothing")
    )

    def __init__(self, *args, format, **kwargs):
        super().__init__(*args, **kwargs)
        label, help_text = FORMATS[format][:2]
        self.fields["file"].label, self.fields["file"].help_text = label, help_text


def import_view(model_admin, request, *, format):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, format=format)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size, name=upload.name)
            text = decode_source(upload.read(), name=upload.name)
            parsed = parse_and_heal(text, format=format, source=upload.name)
        except ImportFileError as error:
            form.add_error("file", gettext("%(error)s Nothing was written.") % {"error": error})
        else:
            if form.cleaned_data["dry_run"]:
                report = write_import(parsed, dry_run=True)
            else:
                job = start_job(
                    gettext("Import of %(source)s") % {"source": upload.name},
                    "publications.background.import_file",
                    user=request.user,
                    input_text=text,
                    format=format,
                    source=upload.name,
                )
                return redirect(reverse("admin:jobs_job_change", args=[job.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": FORMATS[format][2],
        "form": form,
        "report_lines": list(report.lines()) if report else None,
    }
    return TemplateResponse(
        request,
        "admin/publications/publication/import_bibtex.html",
        context,
        status=400 if form.errors else 200,
    )
