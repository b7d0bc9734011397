"""The GET form that filters and sorts the publication list."""

from django import forms

from profiles.models import Person, Topic
from publications.models import Publication

SORTS = {
    "newest": ("Newest first", None),
    "oldest": ("Oldest first", "oldest"),
    "title": ("Title A–Z", "title"),
}


class PublicationFilterForm(forms.Form):
    q = forms.CharField(
        label="Search titles, abstracts and authors", required=False, max_length=200
    )
    year = forms.TypedChoiceField(label="Year", required=False, coerce=int, empty_value=None)
    topic = forms.ModelChoiceField(
        label="Topic",
        required=False,
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label="Any topic",
    )
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
        super().__init__(data, label_suffix="")
        self.fields["q"].widget.input_type = "search"
        years = (
            Publication.objects.exclude(year=None)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        self.fields["year"].choices = [("", "Any year"), *((y, y) for y in years)]

    def values(self):
        """The valid filters; a field that failed validation counts as unset."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}

    @property
    def active(self):
        """True when any filter (not the sort) narrows the list."""
        values = self.values()
        return any(values[name] for name in ("q", "year", "topic", "kind", "author"))
