"""GET forms that filter the directory, and the topic filter the lists share."""

from django import forms

from core.forms import FilterForm
from core.widgets import FastSelect
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


class DirectoryFilterForm(FilterForm):
    q = forms.CharField(label="Search by name or topic", required=False, max_length=200)
    membership = forms.ChoiceField(
        label="Membership",
        required=False,
        choices=[("", "Any membership"), *Person.Membership.choices],
        widget=FastSelect,
    )
    topic = topic_filter_field()
