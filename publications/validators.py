import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

EARLIEST_YEAR = 1600


def latest_year():
    """The latest year a publication may carry: next year (in press)."""
    return timezone.now().year + 1


def validate_year(value):
    """A publication year from 1600 up to next year."""
    latest = latest_year()
    if value is not None and not EARLIEST_YEAR <= value <= latest:
        raise ValidationError(
            gettext("Enter a year from %(earliest)s to %(latest)s.")
            % {"earliest": EARLIEST_YEAR, "latest": latest},
            code="year_out_of_range",
        )


# What the API schema says of the year (core.api.schema reads it).
validate_year.openapi = lambda: {"minimum": EARLIEST_YEAR, "maximum": latest_year()}


def validate_language(value):
    """An ISO 639 language code in lower case: two letters, or three."""
    if value and not re.fullmatch(r"[a-z]{2,3}", value):
        raise ValidationError(
            _("Enter a language code of two or three small letters, such as en or fr."),
            code="invalid_language",
        )


validate_language.openapi = lambda: {"pattern": r"^([a-z]{2,3})?$"}
