"""The GET form that filters and sorts the publication list."""

from django import forms
from django.db import connection
from django.db.models import Q

from core.forms import FilterForm
from core.widgets import FastSelect
from profiles.forms import topic_filter_field
from profiles.models import Person
from profiles.names import sort_key, split_name
from publications.models import Publication

SORTS = {
    "relevance": "Best match",
    "newest": "Newest first",
    "oldest": "Oldest first",
    "title": "Title A–Z",
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


class AuthorField(forms.CharField):
    """A person with a public profile, typed as their name or given as their profile's slug.

    A text box, not a <select>: the institute has thousands of profiles, and a list of
    all of them made the page 450 KB. The name is matched ignoring case, accents,
    particles and order ("velickovic petar" finds Petar Veličković).
    """

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=200, **kwargs)
        self.widget.input_type = "search"

    def clean(self, value):
        text = " ".join(super().clean(value).split())
        if not text:
            return None
        key = sort_key(*split_name(text))
        matches = list(
            Person.objects.with_profile().filter(Q(slug=text) | Q(sort_name=key)).order_by("id")
        )
        if not matches:
            raise forms.ValidationError("No one with a public profile has this name.")
        # A profile's own address first; of two people with one name, the earlier profile.
        return next((person for person in matches if person.slug == text), matches[0])


class PublicationFilterForm(FilterForm):
    q = forms.CharField(
        label="Search titles, abstracts and authors", required=False, max_length=200
    )
    year = forms.TypedChoiceField(
        label="Year", required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    topic = topic_filter_field()
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind"), *Publication.Kind.choices],
        widget=FastSelect,
    )
    author = AuthorField(label="Author")
    sort = forms.ChoiceField(
        label="Sort",
        required=False,
        choices=list(SORTS.items()),
        widget=FastSelect,
    )

    def __init__(self, data, years):
        """`years`: the choices of the year filter, as publication_years() gives them."""
        super().__init__(data)
        self.fields["year"].choices = [("", "Any year"), *((y, y) for y in years)]
        if not (self.data.get("q") or "").strip():
            # Nothing to match against: "Best match" would mean nothing.
            self.fields["sort"].choices = self.fields["sort"].choices[1:]

    def ordering(self):
        """How to sort: as asked, else by relevance when searching, else newest first."""
        values = self.values()
        return values["sort"] or ("relevance" if values["q"] else "newest")

    @property
    def active(self):
        """True when any filter (not the sort) narrows the list."""
        values = self.values()
        return any(values[name] for name in ("q", "year", "topic", "kind", "author"))
