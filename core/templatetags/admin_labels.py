"""Names for the inputs of the admin's tabular inlines (templates/admin/edit_inline/)."""

from django import template

register = template.Library()


@register.filter
def labelled_by(bound_field, prefix):
    """The field's widget, named by the id of its column's heading: `<prefix>-<name>-heading`."""
    heading = f"{prefix}-{bound_field.name}-heading"
    return bound_field.as_widget(attrs={"aria-labelledby": heading})
