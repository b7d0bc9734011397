"""The review queue in the admin: start a harvest, confirm or reject what it suggests,
and see per person and source what was found, decided and pending."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Subquery
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from profiles.models import Person
from publications.harvest.models import HarvestProfile, HarvestRun, Source, Suggestion
from publications.harvest.review import confirm, reject
from publications.harvest.work import start_harvest

PEOPLE_PER_PAGE = 50


def _confirmed(count):
    return ngettext(
        "%(count)d suggestion confirmed and added to the profiles",
        "%(count)d suggestions confirmed and added to the profiles",
        count,
    ) % {"count": count}


def _rejected(count):
    return ngettext(
        "%(count)d suggestion rejected; it will not be suggested again",
        "%(count)d suggestions rejected; they will not be suggested again",
        count,
    ) % {"count": count}


class HarvestForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.with_profile(), help_text=_("Only people with a public profile.")
    )
    sources = forms.MultipleChoiceField(
        choices=Source.choices,
        initial=Source.values,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each source needs its identifier: the ORCID iD on the person, or the "
            "OpenAlex, DBLP or arXiv entries under Harvest settings."
        ),
    )


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["title", "person", "source", "year", "venue", "confident", "status"]
    list_filter = ["status", "source", "confident"]
    list_select_related = ["person"]
    search_fields = ["title", "doi", "arxiv_id", "person__full_name"]
    actions = ["confirm_selected", "reject_selected"]
    fields = [
        "person",
        "source",
        "title",
        "authors",
        "year",
        "venue",
        "doi",
        "arxiv_id",
        "confident",
        "status",
        "publication",
        "decided_by",
        "decided",
    ]
    readonly_fields = fields
    change_list_template = "admin/harvest/suggestion/change_list.html"

    def has_add_permission(self, request):
        return False

    def _decide(self, request, queryset, decide, done):
        """`done(count)`: what was done to `count` suggestions, as a message."""
        pending = list(queryset.filter(status=Suggestion.Status.PENDING).select_related("person"))
        for suggestion in pending:
            decide(suggestion, user=request.user)
        skipped = queryset.count() - len(pending)
        text = done(len(pending))
        if skipped:
            note = ngettext(
                "%(count)d already decided, left as it was",
                "%(count)d already decided, left as they were",
                skipped,
            )
            text = gettext("%(done)s (%(note)s).") % {
                "done": text,
                "note": note % {"count": skipped},
            }
        else:
            text += "."
        messages.success(request, text)

    @admin.action(description=_("Confirm: add to the person's profile"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._decide(request, queryset, confirm, _confirmed)

    @admin.action(description=_("Reject: not this person's work"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, reject, _rejected)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("harvest/", wrap(self.harvest_view), name="harvest_suggestion_harvest"),
            path("overview/", wrap(self.overview_view), name="harvest_suggestion_overview"),
            *super().get_urls(),
        ]

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def harvest_view(self, request):
        if not request.user.has_perm("harvest.add_harvestrun"):
            raise PermissionDenied
        form = HarvestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            job = start_harvest(
                [form.cleaned_data["person"]],
                sources=form.cleaned_data["sources"],
                user=request.user,
            )
            return redirect(reverse("admin:jobs_job_change", args=[job.pk]))
        context = self._context(request, gettext("Harvest publications"), form=form)
        return TemplateResponse(
            request, "admin/harvest/harvest.html", context, status=400 if form.errors else 200
        )

    def overview_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        people = (
            Person.objects.filter(pk__in=HarvestRun.objects.values("person"))
            | Person.objects.filter(pk__in=Suggestion.objects.values("person"))
        ).order_by("sort_name", "id")
        page = Paginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
        context = self._context(
            request, gettext("Harvests by person and source"), page=page, rows=_overview_rows(page)
        )
        return TemplateResponse(request, "admin/harvest/overview.html", context)


def _overview_rows(page):
    """(person, source label, found, confirmed, rejected, pending, last run, error) for
    each person on the page and source they were harvested from, in three queries."""
    people = {person.pk: person for person in page.object_list}
    counts = {}
    decided = (
        Suggestion.objects.filter(person__in=people)
        .values("person", "source", "status")
        .annotate(n=Count("id"))
    )
    for row in decided:
        counts.setdefault((row["person"], row["source"]), {})[row["status"]] = row["n"]
    latest = HarvestRun.objects.filter(
        person=OuterRef("person"), source=OuterRef("source")
    ).order_by("-started", "-id")
    runs = (
        HarvestRun.objects.filter(person__in=people)
        .values("person", "source")
        .annotate(
            last=Max("started"),
            found=Subquery(latest.values("found")[:1]),
            error=Subquery(latest.values("error")[:1]),
        )
    )
    last = {(row["person"], row["source"]): row for row in runs}
    rows = []
    for person_pk, person in people.items():
        for source in Source:
            key = (person_pk, source.value)
            if key not in counts and key not in last:
                continue
            status, run = counts.get(key, {}), last.get(key, {})
            rows.append(
                {
                    "person": person,
                    "source": source.label,
                    "found": run.get("found"),
                    "confirmed": status.get("confirmed", 0),
                    "rejected": status.get("rejected", 0),
                    "pending": status.get("pending", 0),
                    "last_run": run.get("last"),
                    "error": run.get("error", ""),
                }
            )
    return rows


@admin.register(HarvestProfile)
class HarvestProfileAdmin(admin.ModelAdmin):
    list_display = ["person", "openalex_id", "dblp_pid", "arxiv_author", "nightly"]
    list_select_related = ["person"]
    list_filter = ["nightly"]
    search_fields = ["person__full_name"]
    autocomplete_fields = ["person"]
    actions = ["harvest_now"]

    @admin.action(description=_("Harvest the selected people now"), permissions=["change"])
    def harvest_now(self, request, queryset):
        job = start_harvest(
            [profile.person for profile in queryset.select_related("person")], user=request.user
        )
        messages.success(
            request, gettext("Started “%(title)s”; see Background jobs.") % {"title": job.title}
        )
