from publications.importers.command import ImportCommand
from publications.importers.profile_page import parse_profile


class Command(ImportCommand):
    help = "Import a scraped profile page (plain text) with its publications."
    parse = staticmethod(parse_profile)
