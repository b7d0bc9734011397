from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST_YEAR = 1600


def latest_year():
    """The latest year a publication may carry: next year (in press)."""
    return timezone.now().year + 1


def validate_year(value):
    """A publication year from 1600 up to next year."""
    latest = latest_year()
    if value is not None and not EARLIEST_YEAR <= value <= latest:
        raise ValidationError(
            f"Enter a year from {EARLIEST_YEAR} to {latest}.",
            code="year_out_of_range",
        )
