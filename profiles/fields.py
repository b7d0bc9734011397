from core.fields import NormalisedCharField
from profiles.identifiers import normalise_orcid


class ORCIDField(NormalisedCharField):
    normaliser = staticmethod(normalise_orcid)
