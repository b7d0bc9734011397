"""Translated fields on pages, with the language of a fallback marked.

{{ topic|translated:"name" }} writes the name, inside <span lang> when it is shown in
another language than the page's; {{ person|translated_lang:"bio" }} is that language
(or ""), for an element's own `lang` attribute.
"""

from django import template

from core import translated as translations

register = template.Library()


@register.filter
def translated(instance, field):
    # The HTML itself: templates turn any value that is not a string into str() first.
    return translations.of(instance, field).__html__()


@register.filter
def translated_lang(instance, field):
    return translations.of(instance, field).foreign
