"""The editors' queue of "not mine" claims."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profiles.selfservice.admin import ReviewAdminMixin
from publications.models import BylineDispute
from publications.selfservice.services import decide_dispute


@admin.register(BylineDispute)
class BylineDisputeAdmin(ReviewAdminMixin, admin.ModelAdmin):
    list_display = ["person", "publication", "printed_name", "raised_by", "raised", "status"]
    list_filter = ["status"]
    list_select_related = ["person", "authorship__publication", "raised_by"]
    search_fields = ["person__full_name", "authorship__publication__title"]
    ordering = ["-status", "raised"]
    review_template = "admin/publications/bylinedispute/review.html"
    decisions = {"resolve": _("Moved to another person"), "dismiss": _("Kept on the profile")}

    @admin.display(description=_("publication"))
    def publication(self, dispute):
        return dispute.authorship.publication.title

    @admin.display(description=_("name as printed"))
    def printed_name(self, dispute):
        return dispute.authorship.name_as_printed

    def decide(self, request, dispute, decision, message):
        resolve = decision == "resolve"
        decide_dispute(dispute=dispute, editor=request.user, resolve=resolve, message=message)

    def review_context(self, dispute):
        publication = dispute.authorship.publication
        return {
            "title": gettext("“Not mine”: %(person)s on %(publication)s")
            % {"person": dispute.person, "publication": publication},
            "dispute": dispute,
            "publication": publication,
            "byline": publication.authorships.select_related("person"),
        }
