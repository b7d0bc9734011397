from django import template

from profiles.fulltext import highlight_html

register = template.Library()


@register.filter
def highlight(text):
    """`{{ publication.search_snippet|highlight }}`: escaped, with matches in <mark>."""
    return highlight_html(text)
