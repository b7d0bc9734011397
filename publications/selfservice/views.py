"""The researcher's "My publications" pages: featured, hidden, printed name, not mine, add."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from profiles.selfservice.services import is_reviewed, label_of, open_revision
from profiles.selfservice.views import editable_person, report_changes
from publications.importers.bibtex import parse_bibtex
from publications.importers.common import ImportFileError, check_size
from publications.importers.healing import heal
from publications.importers.store import stored_spellings, write_import
from publications.models import Authorship, BylineDispute
from publications.selfservice.forms import ChoicesForm, NotMineForm, PasteBibtexForm
from publications.selfservice.services import chosen, raise_dispute, save_choices

PER_PAGE = 50


def _entries(person):
    """The person's byline entries, featured first, then newest."""
    return (
        Authorship.objects.filter(person=person)
        .select_related("publication", "person")
        .order_by(
            F("featured_rank").asc(nulls_last=True),
            F("publication__year").desc(nulls_last=True),
            "publication__title",
            "pk",
        )
    )


@login_required
def publication_list(request, slug):
    person = editable_person(request, slug)
    page = Paginator(_entries(person), PER_PAGE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    revision = open_revision(person)
    ranks, hidden = chosen(person, revision)
    form = ChoicesForm(
        request.POST if request.method == "POST" else None,
        entries=entries,
        ranks=ranks,
        hidden=hidden,
    )
    if request.method == "POST" and form.is_valid():
        published, waiting = save_choices(person=person, user=request.user, choices=form.choices())
        report_changes(request, published, waiting)
        return redirect(f"{request.path}?page={page.number}")
    changes = revision.changes if revision else {}
    waiting = set(
        BylineDispute.objects.filter(
            authorship__in=[entry.pk for entry in entries], status="pending"
        ).values_list("authorship_id", flat=True)
    )
    context = {
        "person": person,
        "form": form,
        "page": page,
        "waiting": waiting,
        "choices_waiting": [label_of(name) for name in ("featured", "hidden") if name in changes],
        "not_mine_reviewed": is_reviewed("not_mine"),
        "section": "publications",
        "title": gettext("My publications"),
        "featured_max": settings.FEATURED_PUBLICATIONS_MAX,
    }
    status = 400 if form.errors else 200
    return render(request, "publications/selfservice/list.html", context, status=status)


@login_required
def not_mine(request, slug, pk):
    person = editable_person(request, slug)
    entry = get_object_or_404(
        Authorship.objects.select_related("publication"), pk=pk, person=person
    )
    form = NotMineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        dispute, created = raise_dispute(
            authorship=entry, user=request.user, reason=form.cleaned_data["reason"]
        )
        if dispute.status == BylineDispute.Status.RESOLVED:
            text = gettext(
                "“%(title)s” is no longer on your profile; the byline keeps your place for "
                "another person of the printed name."
            )
        elif created:
            text = gettext("“%(title)s”: An editor will look at it; it stays listed until then.")
        else:
            text = gettext(
                "“%(title)s”: It was already with the editors; it stays listed until then."
            )
        messages.info(request, text % {"title": entry.publication.title})
        return redirect("mypublications:list", person.slug)
    context = {
        "person": person,
        "entry": entry,
        "form": form,
        "section": "publications",
        "reviewed": is_reviewed("not_mine"),
    }
    return render(request, "publications/selfservice/not_mine.html", context)


@login_required
def add_bibtex(request, slug):
    person = editable_person(request, slug)
    form = PasteBibtexForm(request.POST if request.method == "POST" else None)
    report = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["bibtex"]
        try:
            check_size(len(text.encode()), name=gettext("the pasted text"))
            parsed = heal(parse_bibtex(text, source="pasted"), known_names=stored_spellings())
        except ImportFileError as error:
            form.add_error("bibtex", gettext("%(error)s Nothing was written.") % {"error": error})
        else:
            report = write_import(parsed, dry_run=form.cleaned_data["dry_run"])
            if not report.dry_run:
                messages.success(request, gettext("Imported; the report below lists what changed."))
    context = {
        "person": person,
        "form": form,
        "report_lines": list(report.lines()) if report else None,
        "section": "publications",
    }
    return render(
        request, "publications/selfservice/add.html", context, status=400 if form.errors else 200
    )
