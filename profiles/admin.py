from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.counting import counted
from core.history_admin import HistoryAdmin
from profiles import admin_reviews  # noqa: F401 (registers the doubtful-name review list)
from profiles.admin_tools import PersonToolsMixin, StaleEditGuardMixin
from profiles.models import MembershipPeriod, NameVariant, Person, PersonRedirect, Topic
from profiles.selfservice.admin import invite_researchers


@admin.register(Topic)
class TopicAdmin(StaleEditGuardMixin, TranslationAdmin, HistoryAdmin):
    """Each translated field shows once per language, one under the other."""

    list_display = ["name", "slug", "people_count", "publication_count"]
    search_fields = ["name_en", "name_fr", "description_en", "description_fr"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                people_count=counted(Person.topics.through.objects.all(), "topic"),
                publication_count=counted(Topic.publications.through.objects.all(), "topic"),
            )
        )

    @admin.display(description=_("people"), ordering="people_count")
    def people_count(self, topic):
        return topic.people_count

    @admin.display(description=_("publications"), ordering="publication_count")
    def publication_count(self, topic):
        return topic.publication_count


class NameVariantInline(admin.TabularInline):
    model = NameVariant
    extra = 1
    fields = ["name"]


class PersonRedirectInline(admin.TabularInline):
    model = PersonRedirect
    extra = 0
    fields = ["old_slug"]
    verbose_name = _("old address")
    verbose_name_plural = _("old addresses (redirect here)")


class MembershipPeriodInline(admin.TabularInline):
    model = MembershipPeriod
    extra = 1
    fields = ["membership", "position", "start", "end"]
    verbose_name = _("membership period")
    verbose_name_plural = _("membership history (the current membership follows it)")


@admin.register(Person)
class PersonAdmin(PersonToolsMixin, TranslationAdmin, HistoryAdmin):
    list_display = [
        "full_name",
        "membership",
        "position",
        "affiliation",
        "has_profile",
        "publication_count",
    ]
    list_filter = ["has_profile", "membership", "topics"]
    ordering = ["sort_name", "id"]
    search_fields = ["full_name", "name_variants__name", "affiliation", "orcid", "slug"]
    autocomplete_fields = ["topics"]
    prepopulated_fields = {"slug": ["full_name"]}
    inlines = [MembershipPeriodInline, NameVariantInline, PersonRedirectInline]
    actions = [invite_researchers]
    # The history inline decides the membership: one place to edit it.
    readonly_fields = ["membership", "membership_ended", "sort_name", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["full_name", "slug", "has_profile", "membership", "membership_ended"]}),
        (
            _("Name for sorting"),
            {
                "fields": ["given_name", "name_particle", "family_name", "sort_name"],
                "classes": ["collapse"],
            },
        ),
        (_("Position"), {"fields": ["position", "affiliation", "topics", "bio"]}),
        (_("Portrait"), {"fields": ["portrait", "portrait_alt"]}),
        (_("Links"), {"fields": ["homepage", "orcid", "scholar_url", "github"]}),
        (_("Record"), {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_publication_count()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.model is MembershipPeriod and formset.has_changed() for formset in formsets):
            form.instance.sync_membership()

    @admin.display(description=_("publications"), ordering="publication_count")
    def publication_count(self, person):
        return person.publication_count
