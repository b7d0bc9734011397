"""GET forms that filter the public pages. Invalid values are reported, never a 500."""

from django import forms

from profiles.models import Person, Topic


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Search by name or topic", required=False, max_length=200)
    membership = forms.ChoiceField(
        label="Membership",
        required=False,
        choices=[("", "Any membership"), *Person.Membership.choices],
    )
    topic = forms.ModelChoiceField(
        label="Topic",
        required=False,
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label="Any topic",
    )

    def __init__(self, data):
        super().__init__(data, label_suffix="")
        self.fields["q"].widget.input_type = "search"

    def values(self):
        """The valid filters; a field that failed validation counts as unset."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}
