"""The one publication filter. The list page, its downloads and the API read it, so
each parameter means the same everywhere; a bad value is an error everywhere.

PublicationFilter is the API's; PublicationListFilter adds the list page's text
search `q` (the API names it `search`, through the same search function) and the
page's sort, and dresses the fields for the page's form.
"""

from django import forms
from django.db import connection
from django.db.models import Case, Q, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.utils import extend_schema_field

from core.api.conventions import normalised_or_400
from core.widgets import FastSelect, KeptChoices
from profiles.models import Person, Topic
from profiles.names import sort_key, split_name
from publications.identifiers import (
    ARXIV_INPUT_PATTERN,
    DOI_INPUT_PATTERN,
    normalise_arxiv_id,
    normalise_doi,
)
from publications.models import Authorship, Publication
from publications.search import search_publications

SORTS = {
    "relevance": _("Best match"),
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
    "title": _("Title A–Z"),
}


def publication_years():
    """The years that have publications, newest first.

    A loose index scan: each step asks the year index for the next smaller year, so
    30 years cost 30 index probes, where DISTINCT read all 200,000 rows.
    """
    table = connection.ops.quote_name(Publication._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE years(year) AS (
                SELECT MAX(year) FROM {table}
                UNION ALL
                SELECT (SELECT MAX(year) FROM {table} WHERE year < years.year)
                FROM years WHERE years.year IS NOT NULL
            )
            SELECT year FROM years WHERE year IS NOT NULL
            """
        )
        return [year for (year,) in cursor.fetchall()]


class AuthorFilter(filters.CharFilter):
    """The publications of a person, named by their slug or their name in any order.

    A text box, not a <select>: the institute has thousands of people, and a list of
    all of them made the page 450 KB. The name is matched ignoring case, accents,
    particles and order ("velickovic petar" finds Petar Veličković), with a profile
    or not. Of two people with one name, the holder of a profile, then the one
    recorded first; a person's own address goes before anyone's name.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, max_length=200, **kwargs)

    def filter(self, queryset, value):
        text = " ".join((value or "").split())
        if not text:
            return queryset
        first = people_named(text).order_by(
            Case(When(slug=text, then=0), default=1), "-has_profile", "id"
        )
        bylines = Authorship.objects.filter(person__in=first.values("pk")[:1])
        return queryset.filter(pk__in=bylines.values("publication_id"))


def people_named(text):
    """The people whose slug is `text`, or whose name is `text` in any order."""
    return Person.objects.filter(Q(slug=text) | Q(sort_name=sort_key(*split_name(text))))


class IdentifierFilter(filters.CharFilter):
    """Matches the stored, normalised identifier; a malformed one is a 400."""

    normaliser = None

    def filter(self, queryset, value):
        if value in EMPTY_VALUES:
            return queryset
        value = normalised_or_400(self.normaliser, value, self.field_name)
        return queryset.filter(**{self.field_name: value})


# The schema gives the forms the API takes; the normaliser reads a few more.
@extend_schema_field({"type": "string", "pattern": DOI_INPUT_PATTERN})
class DoiFilter(IdentifierFilter):
    normaliser = staticmethod(normalise_doi)


@extend_schema_field({"type": "string", "pattern": ARXIV_INPUT_PATTERN})
class ArxivFilter(IdentifierFilter):
    normaliser = staticmethod(normalise_arxiv_id)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})
class YearFilter(filters.NumberFilter):
    """A whole year; bounded so that no database is asked about 10**30."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, field_name="year", min_value=1, max_value=9999, **kwargs)


class PublicationFilter(filters.FilterSet):
    year = YearFilter(label=_("Year"), help_text=_("Published in this year."))
    year_min = YearFilter(lookup_expr="gte", help_text=_("Published in this year or later."))
    year_max = YearFilter(lookup_expr="lte", help_text=_("Published in this year or earlier."))
    kind = filters.ChoiceFilter(label=_("Kind"), choices=Publication.Kind.choices)
    topic = filters.CharFilter(
        field_name="topics__slug", label=_("Topic"), help_text=_("A topic's slug.")
    )
    author = AuthorFilter(
        label=_("Author"), help_text=_("An author: their slug, or their name in any order.")
    )
    doi = DoiFilter(help_text=_("A DOI, bare or behind doi: or https://doi.org/."))
    arxiv_id = ArxivFilter(help_text=_("An arXiv id, bare or behind arxiv: or its address."))

    class Meta:
        model = Publication
        fields = ["year", "year_min", "year_max", "kind", "topic", "author", "doi", "arxiv_id"]


def topic_choices():
    return [("", gettext("Any topic")), *Topic.objects.values_list("slug", "name")]


class PublicationListForm(forms.Form):
    """The list page's form: the filters, dressed for the page, and the sort."""

    # What the page shows as fields; the others are parameters of links and the API.
    shown = ("q", "year", "topic", "kind", "author", "sort")

    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=list(SORTS.items()))

    def __init__(self, *args, years=(), topics=None, **kwargs):
        """`topics`: the topic choices as topic_choices() gives them, read when the form
        is first written if not given."""
        super().__init__(*args, label_suffix="", **kwargs)
        fields = self.fields
        for field in fields.values():
            field.help_text = ""  # the API's documentation, not the page's
        fields["q"].widget.input_type = "search"
        fields["author"].widget.input_type = "search"
        fields["year"].widget = FastSelect(
            choices=[("", gettext("Any year")), *((y, y) for y in years)]
        )
        fields["topic"].widget = FastSelect(
            choices=KeptChoices(topic_choices) if topics is None else topics
        )
        fields["kind"].widget = FastSelect(
            choices=[("", gettext("Any kind")), *Publication.Kind.choices]
        )
        fields["sort"].widget = FastSelect(choices=fields["sort"].choices)
        if not (self.data.get("q") or "").strip():
            # Nothing to match against: "Best match" would mean nothing.
            fields["sort"].choices = fields["sort"].choices[1:]
            fields["sort"].widget.choices = fields["sort"].choices

    def ordering(self):
        """How to sort: as asked, else by relevance when searching, else newest first."""
        values = self.cleaned_data if self.is_valid() else {}
        return values.get("sort") or ("relevance" if values.get("q") else "newest")

    @property
    def active(self):
        """True when any filter (not the sort) was given."""
        return any(self.data.get(name) for name in self.fields if name != "sort")

    def other_errors(self):
        """(parameter, message) for the errors of parameters the page has no field for."""
        return [
            (name, message)
            for name, messages in self.errors.items()
            if name not in self.shown
            for message in messages
        ]

    def say_no_author_matches(self):
        """Mark the author field when nobody has the name or address typed there."""
        text = " ".join((self.cleaned_data.get("author") or "").split())
        if text and not people_named(text).exists():
            self.add_error("author", gettext("No author has this name or address."))

    def asked(self):
        """What the filters select, as (name, value) pairs."""
        return sorted(self.cleaned_data.items())


class PublicationListFilter(PublicationFilter):
    q = filters.CharFilter(
        label=_("Search titles, abstracts and authors"), max_length=200, method="search"
    )

    class Meta(PublicationFilter.Meta):
        fields = ["q", *PublicationFilter.Meta.fields]
        form = PublicationListForm

    def __init__(self, data, *, years=(), topics=None, queryset=None):
        """`data`: a query; the `person` parameter of older links is read as `author`.
        `years` and `topics`: the choices, as publication_years() and topic_choices()
        give them."""
        if "person" in data and "author" not in data:
            # A copy, so that the request's own query is left as it came (the page
            # cache then keeps only pages that read each of its parameters).
            data = data.copy()
            data["author"] = data.pop("person")[-1]
        self.years = years
        self.topics = topics
        super().__init__(data, queryset=Publication.objects.all() if queryset is None else queryset)

    @property
    def form(self):
        if not hasattr(self, "_form"):
            self._form = self.get_form_class()(self.data, years=self.years, topics=self.topics)
        return self._form

    def filter_queryset(self, queryset):
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:  # the sort is the view's
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def search(self, queryset, name, value):
        return search_publications(queryset, value)

    def message(self):
        """The errors as one line a person can act on: `name: message; …`."""
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in self.form.errors.items()
        )
