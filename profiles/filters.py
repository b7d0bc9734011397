"""The one filter of people: the directory page and /api/people/ read it, so each
parameter means the same on both, and both count the choices of its facets.

A facet's counts are those of the people every *other* filter selects, so a count
says how many people would be listed if that choice were added (or taken away).
Each facet costs one grouped query, whatever the number of people.
"""

import re

from django import forms
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.fields import ModelMultipleChoiceField
from drf_spectacular.utils import extend_schema_field

from core.counting import counted
from profiles.models import Person, Topic, alumni_q, current_member_q
from profiles.search import search_people

STATUSES = {"current": _("Current members"), "alumni": _("Alumni")}
FACETS = ("membership", "topic", "affiliation", "status")


class AnyValuesField(forms.MultipleChoiceField):
    """Repeated free-text values (`?affiliation=A&affiliation=B`), each of bounded length."""

    def __init__(self, *args, max_length=200, **kwargs):
        self.max_length = max_length
        super().__init__(*args, **kwargs)

    def valid_value(self, value):
        return True

    def validate(self, value):
        super().validate(value)
        if any(len(text) > self.max_length for text in value):
            raise forms.ValidationError(
                _("Keep each value to %(limit)d characters or fewer."),
                code="max_length",
                params={"limit": self.max_length},
            )


# A repeated filter's schema is its one value's: drf-spectacular makes it an array.
@extend_schema_field({"type": "string", "maxLength": 200})
class AnyValuesFilter(filters.MultipleChoiceFilter):
    field_class = AnyValuesField


TOPIC_SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


class TopicSlugsField(forms.MultipleChoiceField):
    """Topics' slugs, checked for their form only: a slug no topic has matches nobody,
    as any filter value that names nothing does (publications' `topic` too)."""

    def valid_value(self, value):
        return re.fullmatch(TOPIC_SLUG_PATTERN, value) is not None


# A repeated filter's schema is its one value's: drf-spectacular makes it an array.
@extend_schema_field({"type": "string", "pattern": TOPIC_SLUG_PATTERN})
class TopicsFilter(filters.MultipleChoiceFilter):
    """Topics named by their slugs; repeat for any of several."""

    field_class = TopicSlugsField


@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class BooleanChoiceFilter(filters.ChoiceFilter):
    """true or false, and a 400 for anything else (django-filter ignores junk)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, choices=[("true", "true"), ("false", "false")], **kwargs)


class PersonFilter(filters.FilterSet):
    membership = filters.MultipleChoiceFilter(
        label=_("Membership"),
        choices=Person.Membership.choices,
        help_text=_("Current or last membership; repeat for any of several."),
    )
    topic = TopicsFilter(
        label=_("Topic"),
        method="filter_topic",
        help_text=_("A topic's slug; repeat for any of several."),
    )
    affiliation = AnyValuesFilter(
        label=_("Affiliation"),
        help_text=_("An affiliation as written on profiles; repeat for any of several."),
    )
    status = filters.ChoiceFilter(
        label=_("Current or former"),
        choices=list(STATUSES.items()),
        method="filter_status",
        help_text=_("current: members today; alumni: every period of their membership ended."),
    )
    has_profile = BooleanChoiceFilter(
        method="filter_has_profile",
        help_text=_("true: people with a public profile; false: co-authors from outside."),
    )

    class Meta:
        model = Person
        fields = ["membership", "topic", "affiliation", "status", "has_profile"]

    def __init__(self, *args, today=None, **kwargs):
        self.today = today or timezone.localdate()
        super().__init__(*args, **kwargs)

    def filter_topic(self, queryset, name, topics):
        slugs = [getattr(topic, "slug", topic) for topic in topics]  # the page's are rows
        links = Person.topics.through.objects.filter(topic__slug__in=slugs)
        return queryset.filter(pk__in=links.values("person_id"))

    def filter_status(self, queryset, name, value):
        chosen = current_member_q if value == "current" else alumni_q
        return queryset.filter(chosen(self.today))

    def filter_has_profile(self, queryset, name, value):
        return queryset.filter(has_profile=value == "true")

    def filter_except(self, queryset, left_out):
        """`queryset` narrowed by every valid filter but `left_out`."""
        for name, value in self.form.cleaned_data.items():
            if name != left_out and name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facets(self, queryset, names=FACETS):
        """{facet: [{"value", "label", "count", "chosen"}]} for each of `names`, counted in
        `queryset` (the people before these filters) with the other filters applied."""
        chosen = self.form.cleaned_data
        counters = {
            "membership": self._count_memberships,
            "topic": self._count_topics,
            "affiliation": self._count_affiliations,
            "status": self._count_statuses,
        }
        result = {}
        for name in names:
            people = self.filter_except(queryset, name).order_by().values("pk")
            picked = chosen.get(name) or []
            if name == "topic":
                picked = [getattr(topic, "slug", topic) for topic in picked]
            elif name == "status":
                picked = [picked] if picked else []
            result[name] = [
                {"value": value, "label": label, "count": count, "chosen": value in picked}
                for value, label, count in counters[name](people, picked)
            ]
        return result

    def _count_memberships(self, people, picked):
        counts = dict(
            Person.objects.filter(pk__in=people)
            .values_list("membership")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return [(value, label, counts.get(value, 0)) for value, label in Person.Membership.choices]

    def _count_topics(self, people, picked):
        links = Person.topics.through.objects.filter(person__in=people)
        topics = Topic.objects.annotate(n=counted(links, "topic")).values_list("slug", "name", "n")
        return list(topics)

    def _count_affiliations(self, people, picked):
        counts = dict(
            Person.objects.filter(pk__in=people)
            .exclude(affiliation="")
            .values_list("affiliation")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for value in picked:  # kept as a choice, so that it can be taken away
            counts.setdefault(value, 0)
        return [(value, value, counts[value]) for value in sorted(counts, key=str.casefold)]

    def _count_statuses(self, people, picked):
        counts = Person.objects.filter(pk__in=people).aggregate(
            current=Count("pk", filter=current_member_q(self.today)),
            alumni=Count("pk", filter=alumni_q(self.today)),
        )
        return [(value, label, counts[value]) for value, label in STATUSES.items()]


SORTS = {"relevance": _("Best match"), "name": _("Name"), "activity": _("Recent activity")}


class DirectoryForm(forms.Form):
    """The directory's form: the filters, a text search and the sort."""

    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORTS.items()))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["q"].widget.input_type = "search"
        if not (self.data.get("q") or "").strip():
            # Nothing to match against: "Best match" would mean nothing.
            self.fields["sort"].choices = self.fields["sort"].choices[1:]

    def ordering(self):
        """As asked; else the best matches of a search first, else by name."""
        self.is_valid()
        values = self.cleaned_data
        return values.get("sort") or ("relevance" if values.get("q") else "name")

    def asked(self):
        """What the filters select, as sorted (name, value) pairs, then what was sent for
        each field in error (its message shows on the kept facets), for a cache key."""
        values = getattr(self, "cleaned_data", {})
        chosen = sorted(
            (name, [getattr(v, "slug", v) for v in value] if isinstance(value, list) else value)
            for name, value in values.items()
        )
        refused = sorted((name, self.data.getlist(name)) for name in self.errors)
        return [chosen, refused]


class KnownTopicsField(ModelMultipleChoiceField):
    def clean(self, value):
        # No topic is [], not Django's empty queryset: reading that one (the cache key,
        # the facets) compiles a query each time, a tenth of a warm directory.
        return super().clean(value) if value else []


class DirectoryFilter(PersonFilter):
    """The API's filter with the page's text search `q` (the API's `search`) and sort.
    The page marks a topic no topic has on its fieldset (the API selects nobody)."""

    q = filters.CharFilter(label=_("Search by name or topic"), max_length=200, method="search")
    topic = filters.ModelMultipleChoiceFilter(
        label=_("Topic"),
        queryset=Topic.objects.only("slug", "name"),
        to_field_name="slug",
        method="filter_topic",
    )
    topic.field_class = KnownTopicsField

    class Meta(PersonFilter.Meta):
        fields = ["q", *PersonFilter.Meta.fields]
        form = DirectoryForm

    def search(self, queryset, name, value):
        return search_people(queryset, value)

    def filter_queryset(self, queryset):
        # The sort is the view's; every other field is a filter.
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    @property
    def active(self):
        """Whether any filter (not the sort, not the page) was chosen."""
        return any(self.form.data.get(name) for name in self.filters)
