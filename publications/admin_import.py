"""The admin page that uploads a BibTeX file through the same importer as the command."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from publications.importers.bibtex import parse_bibtex
from publications.importers.common import ImportFileError, check_size, decode_source
from publications.importers.healing import heal
from publications.importers.store import stored_spellings, write_import


class BibtexUploadForm(forms.Form):
    file = forms.FileField(label="BibTeX file", help_text="A .bib file in UTF-8, up to 10 MB.")
    dry_run = forms.BooleanField(required=False, label="Dry run: show the report and write nothing")


def import_bibtex_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = BibtexUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size, name=upload.name)
            text = decode_source(upload.read(), name=upload.name)
            parsed = heal(parse_bibtex(text), known_names=stored_spellings())
            parsed.source = upload.name
        except ImportFileError as error:
            form.add_error("file", f"{error} Nothing was written.")
        else:
            report = write_import(parsed, dry_run=form.cleaned_data["dry_run"])
            if not report.dry_run:
                messages.success(request, f"Imported {upload.name}.")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import a BibTeX file",
        "form": form,
        "report_lines": list(report.lines()) if report else None,
    }
    return TemplateResponse(
        request,
        "admin/publications/publication/import_bibtex.html",
        context,
        status=400 if form.errors else 200,
    )
