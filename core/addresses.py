"""Addresses of one URL pattern for many rows, reversed once and then filled in."""

import re

from django.urls import reverse as page_reverse
from rest_framework.reverse import reverse

# Path arguments that reverse() writes unchanged; anything else takes the slow path.
_PLAIN_ARGUMENT = re.compile(r"[-a-zA-Z0-9_]+")
_PLACEHOLDERS = ("7357735773", "plc-hldr-b")  # digits for <int:…>, a slug for <slug:…>


class AddressMaker:
    """The address of one URL pattern for any arguments: reversed once, then filled in.

    Absolute for the host of `request`; a path when `request` is None.
    """

    def __init__(self, request, view_name, arity):
        self.request, self.view_name = request, view_name
        placeholders = _PLACEHOLDERS[:arity]
        address = self._reverse(*placeholders)
        self.template = address.replace("{", "{{").replace("}", "}}")
        for index, placeholder in enumerate(placeholders):
            self.template = self.template.replace(placeholder, f"{{{index}}}")
        if any(address.count(placeholder) != 1 for placeholder in placeholders):
            raise ValueError(f"No address template for {view_name}: {address}")

    def _reverse(self, *args):
        if self.view_name.startswith("api:"):
            return reverse(self.view_name, args=args, request=self.request)
        # DRF's reverse keeps the request's ?format=, which belongs to API addresses only.
        path = page_reverse(self.view_name, args=args)
        return self.request.build_absolute_uri(path) if self.request else path

    def __call__(self, *args):
        for arg in args:
            if type(arg) is not int and not _PLAIN_ARGUMENT.fullmatch(arg):
                return self._reverse(*args)
        return self.template.format(*args)
