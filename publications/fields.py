from core.fields import NormalisedCharField
from publications.identifiers import normalise_arxiv_id, normalise_doi


class DOIField(NormalisedCharField):
    normaliser = staticmethod(normalise_doi)


class ArxivIdField(NormalisedCharField):
    normaliser = staticmethod(normalise_arxiv_id)
