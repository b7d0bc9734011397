from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class CoreConfig(AppConfig):
    """What both apps share; no models, and it imports no app."""

    name = "core"

    def ready(self):
        from core.caching import compact_after_commit

        # Any saved or deleted row may have noted content changes (core/caching.py).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(compact_after_commit, dispatch_uid="compact-scope-changes")
