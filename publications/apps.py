from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"

    def ready(self):
        # Registers the featured and hidden publications as fields a revision holds.
        from publications.selfservice import services  # noqa: F401
