"""GET forms that filter the directory, and the topic filter the lists share."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import FilterForm
from core.widgets import FastSelect
from profiles.models import Person, Topic


def topic_filter_field():
    return forms.ModelChoiceField(
        label=_("Topic"),
        required=False,
        queryset=Topic.objects.only("name", "slug"),
        to_field_name="slug",
        empty_label=_("Any topic"),
        widget=FastSelect,
    )


class DirectoryFilterForm(FilterForm):
    q = forms.CharField(label=_("Search by name or topic"), required=False, max_length=200)
    membership = forms.ChoiceField(
        label=_("Membership"),
        required=False,
        choices=[("", _("Any membership")), *Person.Membership.choices],
        widget=FastSelect,
    )
    topic = topic_filter_field()
