"""Small helpers that read typed settings from the environment."""

import os

from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_float(name, default):
    value = os.environ.get(name)
    return float(value) if value not in (None, "") else default


def language_choices(codes):
    """LANGUAGES from language codes, each named in its own language (Django's info)."""
    unknown = [code for code in codes if code not in LANG_INFO]
    if unknown or not codes:
        raise ImproperlyConfigured(
            f"LANGUAGES must list language codes Django knows; unknown: {', '.join(unknown)}."
        )
    return [(code, LANG_INFO[code]["name_local"]) for code in codes]
