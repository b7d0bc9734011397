from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("People and topics")

    def ready(self):
        from core.caching import scope_pages
        from profiles.models import Person, Topic

        # A profile lists similar researchers, who are named and linked: `names`.
        scope_pages(["profiles:person-detail"], "person", Person, also=["names"])
        scope_pages(["profiles:topic-detail", "api:topic-detail"], "topic", Topic)
