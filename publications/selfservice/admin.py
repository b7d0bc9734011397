"""The editors' queue of "not mine" claims."""

from django.contrib import admin

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
    decisions = {"resolve": "Moved to another person", "dismiss": "Kept on the profile"}

    @admin.display(description="publication")
    def publication(self, dispute):
        return dispute.authorship.publication.title

    @admin.display(description="name as printed")
    def printed_name(self, dispute):
        return dispute.authorship.name_as_printed

    def decide(self, request, dispute, decision, message):
        resolve = decision == "resolve"
        decide_dispute(dispute=dispute, editor=request.user, resolve=resolve, message=message)

    def review_context(self, dispute):
        publication = dispute.authorship.publication
        return {
            "title": f"“Not mine”: {dispute.person} on {publication}",
            "dispute": dispute,
            "publication": publication,
            "byline": publication.authorships.select_related("person"),
        }
