"""A translated field's value with the language it is written in.

A field missing in the visitor's language shows another language's value, and the
page marks that value with `lang` so that screen readers and search engines read it
right. Translated fields have a column per language, `<field>_<code>`
(profiles/translation.py); a value row can carry them all without another query.
"""

from typing import NamedTuple

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.translation import get_language

from core.i18n import language_codes


class Translated(NamedTuple):
    text: str
    lang: str  # the language `text` is written in

    @property
    def foreign(self):
        """The language to mark on the page: `lang` when it is not the page's, else ""."""
        return self.lang if self.lang != active_language() else ""

    def __str__(self):
        return self.text

    def __html__(self):
        """The escaped text, inside <span lang> when it is in another language."""
        if self.foreign:
            return format_html('<span lang="{}">{}</span>', self.foreign, self.text)
        return escape(self.text)


def active_language():
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def in_order():
    """The active language first, then the others in the order of settings.LANGUAGES."""
    active = active_language()
    return [active, *(code for code in language_codes() if code != active)]


def columns(field):
    """The per-language columns of `field`: ["name_en", "name_fr"]."""
    return [f"{field}_{code}" for code in language_codes()]


def pick(values, order=None):
    """The Translated of {language code: value}: the active language's value, else the
    first other language that has one, else empty text in the active language.
    `order`, in_order() read once, spares a loop over many values looking it up."""
    order = order or in_order()
    for code in order:
        if values.get(code):
            return Translated(values[code], code)
    return Translated("", order[0])


def of(instance, field):
    """The Translated value of `instance`'s translated `field`."""
    return pick({code: getattr(instance, f"{field}_{code}", None) for code in language_codes()})
