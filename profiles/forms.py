"""GET forms that filter the public pages. Invalid values are reported, never a 500."""

from django import forms

from config.widgets import FastSelect
from profiles.models import Person, Topic


def topic_filter_field():
    return forms.ModelChoiceField(
        label="Topic",
        required=False,
        queryset=Topic.objects.only("name", "slug"),
        to_field_name="slug",
        empty_label="Any topic",
        widget=FastSelect,
    )


class FilterForm(forms.Form):
    """A GET filter form with a search box `q`; bad values count as unset."""

    def __init__(self, data):
        super().__init__(data, label_suffix="")
        self.fields["q"].widget.input_type = "search"

    def values(self):
        """The valid filters; a field that failed validation counts as unset."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}


class DirectoryFilterForm(FilterForm):
    q = forms.CharField(label="Search by name or topic", required=False, max_length=200)
    membership = forms.ChoiceField(
        label="Membership",
        required=False,
        choices=[("", "Any membership"), *Person.Membership.choices],
        widget=FastSelect,
    )
    topic = topic_filter_field()
