from django.apps import AppConfig


class HarvestConfig(AppConfig):
    name = "publications.harvest"
    label = "harvest"
    verbose_name = "Harvests"
