"""FastSelect writes what Django's Select template writes."""

import re

import pytest
from django import forms

from core.widgets import FastSelect


def squeezed(html):
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("value", ["", "b", None, 3, ["a", "b"], ["b", "b"]])
def test_fast_select_writes_the_markup_of_django_s_select(value):
    choices = [("", "Any"), ("a", 'Tom & "Jerry" <3'), ("b", "Ünïcode"), (3, 3), ("b", "Again")]
    attrs = {"id": "id_x", "aria-describedby": "x_error", "required": True, "disabled": False}
    for multiple in (False, True):
        plain = forms.SelectMultiple if multiple else forms.Select
        fast = type("FastMultiple", (FastSelect,), {"allow_multiple_selected": True})
        fast = fast if multiple else FastSelect
        expected = plain(choices=choices).render("x", value, attrs=attrs)
        assert squeezed(fast(choices=choices).render("x", value, attrs=attrs)) == squeezed(expected)


def test_fast_select_refuses_option_groups():
    with pytest.raises(ValueError):
        FastSelect(choices=[("Group", [("a", "A")])]).render("x", "a")
