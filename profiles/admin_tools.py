"""Admin additions: stale-edit conflicts, merge actions, portrait checks."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, ngettext

from profiles.merging import merge_people, person_merge_conflicts
from profiles.portraits import clean_portrait

TOKEN = "edit_token"


def _current_updated(instance, *, lock=False):
    rows = type(instance)._default_manager.filter(pk=instance.pk)
    if lock:
        rows = rows.select_for_update()
    value = rows.values_list("updated", flat=True).first()
    return value.isoformat() if value else ""


def _describe_changes(instance, since):
    """Who saved `instance` after `since`, and which fields they changed."""
    history = instance.history.order_by("updated", "history_id")
    before = history.filter(updated__lte=since).last()
    newer = list(history.filter(updated__gt=since))
    if not newer:
        return gettext("someone saved it")
    users = sorted({str(record.history_user or gettext("an import or script")) for record in newer})
    when = timezone.localtime(newer[-1].history_date).strftime("%H:%M:%S")
    text = gettext("%(users)s saved it at %(when)s") % {
        "users": gettext(" and ").join(users),
        "when": when,
    }
    if before is not None:
        changed = [f for f in newer[-1].diff_against(before).changed_fields if f != "updated"]
        if changed:
            labels = [str(instance._meta.get_field(name).verbose_name) for name in changed]
            text += gettext(", changing %(fields)s") % {"fields": ", ".join(labels)}
    return text


class StaleEditForm(forms.ModelForm):
    """Carries the record's `updated` time as loaded, and refuses to save over a newer one."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read from the table, not the instance: a history revert edits an old copy.
        if self.instance.pk and not self.is_bound:
            self.initial[TOKEN] = _current_updated(self.instance)

    def clean(self):
        cleaned = super().clean()
        token = self.data.get(self.add_prefix(TOKEN), "")
        if not (self.instance.pk and token):
            return cleaned
        current = _current_updated(self.instance, lock=True)
        if current and current != token:
            since = parse_datetime(token)
            who = _describe_changes(self.instance, since) if since else gettext("someone saved it")
            # The next deliberate save may replace their version, which stays in history.
            self.data = self.data.copy()
            self.data[self.add_prefix(TOKEN)] = current
            name = self.instance._meta.verbose_name
            raise ValidationError(
                gettext(
                    "This %(name)s changed after you opened it: %(who)s. Nothing of yours was "
                    "saved and your changes are still in the form below. Compare with their "
                    "version (History), then save again to replace it with yours."
                )
                % {"name": name, "who": who},
                code="edit_conflict",
            )
        return cleaned


class StaleEditGuardMixin:
    """For a ModelAdmin of a model with an `updated` field."""

    form = StaleEditForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        first = fieldsets[0][1]
        first["fields"] = [*first["fields"], TOKEN]
        return fieldsets


class MergeActionMixin:
    """An admin action that merges two selected records after a confirmation page.

    The page shows both records and every field where they disagree; the editor
    picks the record to keep and, per conflict, whose value survives.
    """

    merge_function = None
    conflicts_function = None
    merge_template = "admin/merge_confirm.html"

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request) and self.has_delete_permission(request):
            actions["merge_selected"] = (
                type(self).merge_selected,
                "merge_selected",
                gettext("Merge two selected %(records)s…")
                % {"records": self.model._meta.verbose_name_plural},
            )
        return actions

    def merge_selected(self, request, queryset):
        records = list(queryset.order_by("pk")[:3])
        if len(records) != 2:
            self.message_user(
                request,
                gettext("Select exactly two %(records)s to merge.")
                % {"records": self.model._meta.verbose_name_plural},
                messages.WARNING,
            )
            return None
        first, second = records
        conflicts, extra = self.conflicts_function(keep=first, other=second)
        if request.POST.get("post") == "yes":
            keep = first if request.POST.get("keep") == str(first.pk) else second
            other = second if keep is first else first
            take_other = {
                c.field for c in conflicts if request.POST.get(f"use_{c.field}") == str(other.pk)
            }
            try:
                kept = self.merge_function(keep=keep, other=other, take_other=take_other)
            except ValueError as error:  # the other editor's merge came first
                self.message_user(request, str(error), messages.ERROR)
                return None
            self.message_user(
                request,
                gettext("Merged “%(other)s” into “%(kept)s”; the history shows the merge.")
                % {"other": other, "kept": kept},
            )
            return redirect(f"admin:{kept._meta.app_label}_{kept._meta.model_name}_change", kept.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge two %(records)s")
            % {"records": self.model._meta.verbose_name_plural},
            "opts": self.model._meta,
            "first": first,
            "second": second,
            "conflicts": conflicts,
            "extra_conflicts": extra,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.merge_template, context)


def _person_conflicts(*, keep, other):
    conflicts = person_merge_conflicts(keep=keep, other=other)
    shared = set(keep.authorships.values_list("publication_id", flat=True)) & set(
        other.authorships.values_list("publication_id", flat=True)
    )
    extra = []
    if shared:
        extra.append(
            ngettext(
                "Both are on %(count)d publication byline: that byline keeps only the "
                "kept person’s entry. Two names on one byline are usually two people.",
                "Both are on %(count)d publication bylines: those bylines keep only the "
                "kept person’s entry. Two names on one byline are usually two people.",
                len(shared),
            )
            % {"count": len(shared)}
        )
    return conflicts, extra


class PortraitForm(StaleEditForm):
    def clean_portrait(self):
        portrait = self.cleaned_data.get("portrait")
        # Only a new upload carries content_type; an unchanged portrait is a stored file.
        if portrait and hasattr(portrait, "content_type"):
            return clean_portrait(portrait)
        return portrait


class PersonToolsMixin(MergeActionMixin, StaleEditGuardMixin):
    form = PortraitForm
    merge_function = staticmethod(merge_people)
    conflicts_function = staticmethod(_person_conflicts)
