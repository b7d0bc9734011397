"""French number grouping of the directory: a narrow no-break space ("1 234"), as French
typography and CLDR write it and as the catalogue spaces its punctuation; Django's own fr
formats use a wide one. Other formats stay Django's."""

THOUSAND_SEPARATOR = "\u202f"
