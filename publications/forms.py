"""The GET form that filters and sorts the publication list."""

from django import forms

from profiles.forms import FilterForm, topic_filter_field
from profiles.models import Person
from publications.models import Publication

SORTS = {
    "newest": ("Newest first", None),
    "oldest": ("Oldest first", "oldest"),
    "title": ("Title A–Z", "title"),
}


class PublicationFilterForm(FilterForm):
    q = forms.CharField(
        label="Search titles, abstracts and authors", required=False, max_length=200
    )
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)
    topic = topic_filter_field()
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Publication.Kind.choices]
    )
    author = forms.ModelChoiceField(
        label="Author",
        required=False,
        queryset=Person.objects.with_profile(),
        to_field_name="slug",
        empty_label="Any author",
    )
    sort = forms.ChoiceField(
        label="Sort",
        required=False,
        choices=[(key, label) for key, (label, _) in SORTS.items()],
    )

    def __init__(self, data):
        super().__init__(data)
        years = (
            Publication.objects.exclude(year=None)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        self.fields["year"].choices = [("", "Any year"), *((y, y) for y in years)]

    @property
    def active(self):
        """True when any filter (not the sort) narrows the list."""
        values = self.values()
        return any(values[name] for name in ("q", "year", "topic", "kind", "author"))
