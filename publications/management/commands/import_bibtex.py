from publications.importers.bibtex import parse_bibtex
from publications.importers.command import ImportCommand


class Command(ImportCommand):
    help = "Import a BibTeX file; publications already present are updated, not duplicated."
    parse = staticmethod(parse_bibtex)
