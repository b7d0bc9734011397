"""English date formats of the directory: day before month, as the institute writes."""

DATE_FORMAT = "j F Y"
