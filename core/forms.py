"""GET forms that filter the public pages. Invalid values are reported, never a 500."""

from django import forms


class FilterForm(forms.Form):
    """A GET filter form with a search box `q`; bad values count as unset."""

    def __init__(self, data):
        super().__init__(data, label_suffix="")
        self.fields["q"].widget.input_type = "search"

    def values(self):
        """The valid filters; a field that failed validation counts as unset."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in self.fields}
