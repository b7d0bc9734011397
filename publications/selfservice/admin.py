"""The editors' queue of "not mine" claims."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from publications.models import BylineDispute
from publications.selfservice.services import decide_dispute


class DecisionForm(forms.Form):
    message = forms.CharField(
        label="Message to the researcher",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.register(BylineDispute)
class BylineDisputeAdmin(admin.ModelAdmin):
    list_display = ["person", "publication", "printed_name", "raised_by", "raised", "status"]
    list_filter = ["status"]
    list_select_related = ["person", "authorship__publication", "raised_by"]
    search_fields = ["person__full_name", "authorship__publication__title"]
    ordering = ["-status", "raised"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="publication")
    def publication(self, dispute):
        return dispute.authorship.publication.title

    @admin.display(description="name as printed")
    def printed_name(self, dispute):
        return dispute.authorship.name_as_printed

    def change_view(self, request, object_id, form_url="", extra_context=None):
        dispute = self.get_object(request, object_id)
        if dispute is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, dispute):
            raise PermissionDenied
        form = DecisionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and not self.has_change_permission(request, dispute):
            raise PermissionDenied
        decision = request.POST.get("decision")
        if request.method == "POST" and decision in ("resolve", "dismiss") and form.is_valid():
            try:
                decide_dispute(
                    dispute=dispute,
                    editor=request.user,
                    resolve=decision == "resolve",
                    message=form.cleaned_data["message"],
                )
            except ValueError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, f"Decided: {dispute}.")
            return redirect(reverse("admin:publications_bylinedispute_changelist"))
        publication = dispute.authorship.publication
        context = {
            **self.admin_site.each_context(request),
            "title": f"“Not mine”: {dispute.person} on {publication}",
            "opts": self.opts,
            "original": dispute,
            "dispute": dispute,
            "publication": publication,
            "byline": publication.authorships.select_related("person"),
            "form": form,
            "may_decide": dispute.status == "pending"
            and self.has_change_permission(request, dispute),
        }
        return TemplateResponse(request, "admin/publications/bylinedispute/review.html", context)
