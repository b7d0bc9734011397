from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("People and topics")

    def ready(self):
        from django.db.models.signals import post_delete

        from core.caching import scope_pages
        from profiles.models import Person, Topic
        from profiles.portraits import forget_deleted_portrait

        post_delete.connect(forget_deleted_portrait, sender=Person)

        # A profile lists similar researchers, who are named and linked: `names`.
        scope_pages(["profiles:person-detail"], "person", Person, also=["names"])
        scope_pages(["profiles:topic-detail", "api:topic-detail"], "topic", Topic)
