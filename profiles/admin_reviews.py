"""The admin's list of doubtful names: each reading is one button that decides it."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.history_admin import HistoryAdmin
from profiles.models import NameReview
from profiles.name_reviews import ReviewError, decide_name


@admin.register(NameReview)
class NameReviewAdmin(HistoryAdmin):
    list_display = ["printed", "person_link", "readings", "status", "source", "created"]
    list_filter = ["status"]
    list_select_related = ["person"]
    search_fields = ["printed", "person__full_name"]
    # Decided by the buttons of the list only, so that the person follows.
    readonly_fields = fields = [
        "person", "printed", "candidates", "source", "status", "decided_name", "created"
    ]  # fmt: skip
    actions = None

    def has_add_permission(self, request):
        return False  # imports open reviews

    @admin.display(description=_("person"), ordering="person__sort_name")
    def person_link(self, review):
        url = reverse("admin:profiles_person_change", args=[review.person_id])
        return format_html('<a href="{}">{}</a>', url, review.person.full_name)

    @admin.display(description=_("readings, likeliest first"))
    def readings(self, review):
        if review.status != NameReview.Status.OPEN:
            return review.decided_name
        # Buttons of the change list's own form (its CSRF token), posted to the decision.
        url = reverse("admin:profiles_namereview_decide", args=[review.pk])
        accept = gettext("Accept %(name)s")
        options = [(name, accept % {"name": name}) for name in review.candidates]
        options.append((review.printed, gettext("Keep as printed")))
        return format_html_join(
            " ",
            '<button type="submit" class="button" formaction="{}" name="name" value="{}">'
            "{}</button>",
            ((url, name, label) for name, label in options),
        )

    def get_urls(self):
        decide = self.admin_site.admin_view(self.decide_view)
        return [
            path("<int:pk>/decide/", decide, name="profiles_namereview_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        review = get_object_or_404(NameReview, pk=pk)
        may_rename = request.user.has_perm("profiles.change_person")
        if not (self.has_change_permission(request, review) and may_rename):
            raise PermissionDenied
        try:
            review = decide_name(review=review, name=request.POST.get("name", ""))
        except ReviewError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request,
                gettext("“%(printed)s” is now shown as “%(name)s”.")
                % {"printed": review.printed, "name": review.decided_name},
            )
        return HttpResponseRedirect(reverse("admin:profiles_namereview_changelist"))
