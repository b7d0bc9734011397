from django.apps import AppConfig


class SelfServiceConfig(AppConfig):
    name = "profiles.selfservice"
    label = "selfservice"
    verbose_name = "Researchers' accounts and reviews"

    def ready(self):
        from profiles.selfservice import permissions  # noqa: F401  registers the rules
