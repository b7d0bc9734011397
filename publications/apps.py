from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"

    def ready(self):
        from core.caching import scope_pages
        from profiles.models import Person
        from publications import last_active, publication_count

        # Registers the featured and hidden publications as fields a revision holds.
        from publications.selfservice import services  # noqa: F401

        # The person API answer lists similar researchers too (profiles/apps.py).
        scope_pages(["api:person-detail"], "person", Person, also=["names"])
        person_lists = ["person-year", "person-undated", "person-export", "person-feed"]
        scope_pages([f"publications:{name}" for name in person_lists], "person", Person)
        last_active.connect()
        publication_count.connect()
