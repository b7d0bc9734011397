from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfServiceConfig(AppConfig):
    name = "profiles.selfservice"
    label = "selfservice"
    verbose_name = _("Researchers' accounts and reviews")

    def ready(self):
        from profiles.selfservice import permissions  # noqa: F401  registers the rules
