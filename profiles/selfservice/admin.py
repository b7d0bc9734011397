"""Editors' side: invite researchers, review waiting changes, see accounts and delegates."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profiles.models import Person, Topic
from profiles.selfservice.models import Delegate, Invitation, PendingRevision, ProfileAccount
from profiles.selfservice.services import (
    OUTSIDE_FIELDS,
    current_values,
    decide,
    invite,
    label_of,
)


class InviteForm(forms.Form):
    """One email address per selected person."""

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        for person in people:
            self.fields[f"email_{person.pk}"] = forms.EmailField(
                label=gettext("Email of %(name)s") % {"name": person.full_name}, required=False
            )


@admin.action(description=_("Invite the selected people to keep their own profile…"))
def invite_researchers(model_admin, request, queryset):
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    people = list(queryset.select_related("account__user"))
    linked = [person for person in people if hasattr(person, "account")]
    people = [person for person in people if not hasattr(person, "account")]
    if linked:
        names = ", ".join(person.full_name for person in linked)
        model_admin.message_user(
            request,
            gettext("Already have an account: %(names)s.") % {"names": names},
            messages.WARNING,
        )
    if not people:
        return None
    form = InviteForm(request.POST if "invite" in request.POST else None, people=people)
    if form.is_bound and form.is_valid():
        base_url = request.build_absolute_uri("/").rstrip("/")
        sent = []
        for person in people:
            email = form.cleaned_data[f"email_{person.pk}"]
            if email:
                invite(person=person, email=email, invited_by=request.user, base_url=base_url)
                sent.append(person.full_name)
        if sent:
            model_admin.message_user(
                request, gettext("Invited %(names)s.") % {"names": ", ".join(sent)}
            )
        else:
            model_admin.message_user(
                request, gettext("No address given: nobody invited."), messages.WARNING
            )
        return None
    for person in people:  # the last address invited, to send again
        last = person.invitations.first()
        form.initial[f"email_{person.pk}"] = last.email if last else ""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Invite researchers"),
        "opts": model_admin.model._meta,
        "form": form,
        "people": people,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/selfservice/invite.html", context)


def revision_diff(revision):
    """(label, published value, proposed value) for each field of the revision."""
    current = current_values(revision.person)
    topic_names = dict(Topic.objects.values_list("pk", "name"))
    rows = []
    pending = revision.status == "pending"
    for name, proposed in revision.changes.items():
        if name in OUTSIDE_FIELDS:
            outside = OUTSIDE_FIELDS[name]
            shown = outside.published(revision.person) if pending else revision.before.get(name)
            shown, proposed = outside.describe([shown or [], proposed])
        else:
            shown = current[name] if pending else revision.before.get(name)
        if name == "topics":
            removed = gettext("(removed)")
            shown = ", ".join(topic_names.get(pk, removed) for pk in shown or [])
            proposed = ", ".join(topic_names.get(pk, removed) for pk in proposed)
        elif name == "new_topics":
            shown, proposed = "", ", ".join(proposed)
        elif name == "membership":
            labels = dict(Person.Membership.choices)
            shown, proposed = labels.get(shown, shown), labels.get(proposed, proposed)
        rows.append((label_of(name), shown, proposed))
    return rows


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the researcher"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Say why when you reject; it is sent with the decision."),
    )


class ReviewAdminMixin:
    """A queue of requests an editor decides on one page: what is asked, a message, and
    one button per decision. Subclasses give the template, the decisions and `decide`."""

    review_template = None
    decisions = {}  # the button's value: what the message after it says

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def decide(self, request, obj, decision, message):
        raise NotImplementedError

    def review_context(self, obj):
        return {}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        posted = request.method == "POST"
        if posted and not self.has_change_permission(request, obj):
            raise PermissionDenied
        form = DecisionForm(request.POST if posted else None)
        decision = request.POST.get("decision")
        if posted and decision in self.decisions and form.is_valid():
            try:
                self.decide(request, obj, decision, form.cleaned_data["message"])
            except ValueError as error:  # another editor decided first
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(decision)s: %(record)s.")
                    % {"decision": self.decisions[decision], "record": obj},
                )
            return redirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "form": form,
            "may_decide": obj.status == "pending" and self.has_change_permission(request, obj),
            **self.review_context(obj),
        }
        return TemplateResponse(request, self.review_template, context)


@admin.register(PendingRevision)
class PendingRevisionAdmin(ReviewAdminMixin, admin.ModelAdmin):
    list_display = ["person", "fields_changed", "submitted_by", "submitted", "status"]
    list_filter = ["status"]
    list_select_related = ["person", "submitted_by"]
    search_fields = ["person__full_name"]
    ordering = ["-status", "submitted"]
    review_template = "admin/selfservice/review.html"
    decisions = {"approve": _("Approved and published"), "reject": _("Rejected")}

    @admin.display(description=_("fields"))
    def fields_changed(self, revision):
        return ", ".join(label_of(name) for name in revision.changes)

    def decide(self, request, revision, decision, message):
        decide(
            revision=revision, editor=request.user, approve=decision == "approve", message=message
        )

    def review_context(self, revision):
        return {
            "title": gettext("Review changes to %(person)s") % {"person": revision.person},
            "revision": revision,
            "diff": revision_diff(revision),
        }


@admin.register(ProfileAccount)
class ProfileAccountAdmin(admin.ModelAdmin):
    list_display = ["person", "user", "created"]
    list_select_related = ["person", "user"]
    search_fields = ["person__full_name", "user__email"]
    autocomplete_fields = ["person"]
    raw_id_fields = ["user"]


@admin.register(Delegate)
class DelegateAdmin(admin.ModelAdmin):
    list_display = ["person", "user", "granted_by", "created"]
    list_select_related = ["person", "user", "granted_by"]
    search_fields = ["person__full_name", "user__email"]
    autocomplete_fields = ["person"]
    raw_id_fields = ["user", "granted_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["person", "email", "invited_by", "created", "used", "superseded"]
    list_select_related = ["person", "invited_by"]
    search_fields = ["person__full_name", "email"]
    readonly_fields = ["person", "email", "invited_by", "created", "used", "superseded"]
    exclude = ["nonce"]

    def has_add_permission(self, request):
        return False
