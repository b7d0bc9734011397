"""ORCID iD normalisation and validation (ISO 7064 mod 11-2 check digit)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext, gettext_lazy

ORCID_RE = re.compile(r"^(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])$")
# What the API schema promises to accept (in Python and ECMAScript regex alike); the
# check digit is a rule past the pattern, so a wrong one is a record not found.
ORCID_PATTERN = r"^[0-9]{4}-?[0-9]{4}-?[0-9]{4}-?[0-9]{3}[0-9Xx]$"
# An ORCID iD as the API takes it in a body: bare or behind one of its usual prefixes.
ORCID_INPUT_PATTERN = r"^(orcid:|(https?://)?orcid\.org/)?" + ORCID_PATTERN.removeprefix("^")
ORCID_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/", "orcid:")


def orcid_input_validator():
    """The form an ORCID iD sent to the API has (the schema's pattern); the check digit
    is the normaliser's."""
    message = gettext_lazy(
        "Enter an ORCID iD as 16 digits in four groups, like 0000-0002-1825-0097."
    )
    return RegexValidator(ORCID_INPUT_PATTERN, message, code="invalid_orcid")


def orcid_check_digit(base_digits):
    """Return the ISO 7064 mod 11-2 check character for the first 15 digits."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value):
    """Return the ORCID iD as 0000-0000-0000-000X, or raise ValidationError."""
    text = (value or "").strip()
    for prefix in ORCID_PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    match = ORCID_RE.match(text.upper())
    if not match:
        raise ValidationError(
            gettext("Enter an ORCID iD as 16 digits in four groups, like 0000-0002-1825-0097."),
            code="invalid_orcid",
        )
    digits = "".join(match.groups())
    if orcid_check_digit(digits[:15]) != digits[15]:
        raise ValidationError(
            gettext("This ORCID iD has a wrong check digit; check it for a typo."),
            code="orcid_checksum",
        )
    return "-".join(match.groups())
