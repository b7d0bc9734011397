"""Counts as people read them: "1,234" in English, "1 234" in French.

USE_THOUSAND_SEPARATOR stays off, so that years, identifiers and page numbers in
addresses print as they are ("2024", not "2,024"); a count is marked with `|count`."""

from django import template
from django.utils.formats import number_format

register = template.Library()


class Count(int):
    """An int that prints grouped in the active language wherever a template prints it,
    {% blocktranslate count %} included, and stays a number for plurals and comparisons."""

    def __str__(self):
        return number_format(int(self), force_grouping=True)


@register.filter
def count(value):
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return Count(value)
