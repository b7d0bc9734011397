"""Tags of a person's page."""

from django import template
from django.conf import settings

from core.linked_data import json_ld_script
from profiles.linked_data import person_data

register = template.Library()


@register.simple_tag(takes_context=True)
def person_json_ld(context, person):
    request = context["request"]
    data = person_data(
        person,
        url=request.build_absolute_uri(person.get_absolute_url()),
        image_url=request.build_absolute_uri(person.portrait.url) if person.portrait else "",
        site_name=settings.SITE_NAME,
        site_url=request.build_absolute_uri("/"),
    )
    return json_ld_script(data)
