"""A <select> written out in Python.

Django builds a context for every option and renders it through two templates: the
filter forms' 80-odd options took about 20 ms of each list page. This writes the
same markup (tests/pages/test_widgets.py compares them), escaped the same way.
"""

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        wanted = set(self.format_value(value))
        options = []
        chosen = False  # a single select marks its first match only, as Django's does
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                raise ValueError("FastSelect does not write option groups")
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in wanted and (self.allow_multiple_selected or not chosen)
            chosen = chosen or selected
            options.append((option_value, mark_safe(" selected" if selected else ""), label))
        return format_html(
            "<select{}>\n{}\n</select>",
            _attributes({"name": name, **attrs}),
            format_html_join("\n", '  <option value="{}"{}>{}</option>', options),
        )


def _attributes(attrs):
    """As django/forms/widgets/attrs.html writes them: in order, True bare, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class KeptChoices(BaseChoiceIterator):
    """Choices that `load()` reads on first use, then kept: a form asks for them twice."""

    def __init__(self, load):
        self.load = load

    def __iter__(self):
        if not hasattr(self, "kept"):
            self.kept = list(self.load())
        return iter(self.kept)
