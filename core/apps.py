from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What both apps share; no models, and it imports no app."""

    name = "core"
