from django import template

register = template.Library()


@register.simple_tag
def page_numbers(page):
    """Page numbers around the current one, with "…" for the gaps: 1 … 4 5 6 … 20."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
