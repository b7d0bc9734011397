"""DOI and arXiv identifier normalisation and validation."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext, gettext_lazy

# No braces: a DOI never needs them, and in BibTeX they end a field.
DOI_RE = re.compile(r"^10\.\d{4,9}/[^\s{}]+$")
DOI_PREFIXES = (
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi.org/",
    "doi:",
)
# What the API schema promises to accept, in the regular expressions that Python and
# ECMAScript (JSON Schema) read alike: a narrower form than the ones read above, which
# also take prefixes, versions and spaces around.
DOI_PATTERN = r"^10\.[0-9]{4,9}/[^{}\s\u0000-\u001f\u007f-\u009f]+$"
ARXIV_PATTERN = r"^([0-9]{4}\.[0-9]{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?/[0-9]{7})(v[0-9]+)?$"
# The forms the API takes (a filter's value, a body's): the identifier, bare or behind
# one of its usual prefixes; each is one the normaliser reads.
DOI_INPUT_PATTERN = r"^([Dd][Oo][Ii]:|https?://(dx\.)?doi\.org/)?" + DOI_PATTERN.removeprefix("^")
ARXIV_INPUT_PATTERN = r"^([Aa][Rr][Xx][Ii][Vv]:|https?://arxiv\.org/(abs|pdf)/)?" + (
    ARXIV_PATTERN.removeprefix("^")
)
ARXIV_NEW_RE = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
ARXIV_OLD_RE = re.compile(r"^([a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?$")
ARXIV_PREFIXES = (
    "https://arxiv.org/abs/",
    "http://arxiv.org/abs/",
    "https://arxiv.org/pdf/",
    "http://arxiv.org/pdf/",
    "arxiv.org/abs/",
    "arxiv:",
)


def _strip_prefix(text, prefixes):
    lowered = text.lower()
    for prefix in prefixes:
        if lowered.startswith(prefix):
            return text[len(prefix) :]
    return text


def normalise_doi(value):
    """Return the DOI without resolver prefix, lower-cased, or raise ValidationError."""
    text = _strip_prefix((value or "").strip(), DOI_PREFIXES).strip()
    if not DOI_RE.match(text):
        raise ValidationError(
            gettext(
                "Enter a DOI such as 10.1000/xyz123 "
                "(a resolver prefix like https://doi.org/ is fine)."
            ),
            code="invalid_doi",
        )
    # DOIs are case-insensitive; one stored case keeps uniqueness honest.
    return text.lower()


def normalise_arxiv_id(value):
    """Return the arXiv id without version (2506.05233 or hep-th/9901001), or raise."""
    text = _strip_prefix((value or "").strip(), ARXIV_PREFIXES).strip()
    if text.lower().endswith(".pdf"):
        text = text[:-4]
    for pattern in (ARXIV_NEW_RE, ARXIV_OLD_RE):
        match = pattern.match(text)
        if match:
            return match.group(1)
    raise ValidationError(
        gettext("Enter an arXiv id such as 2506.05233 or hep-th/9901001."),
        code="invalid_arxiv_id",
    )


def doi_input_validator():
    message = gettext_lazy(
        "Enter a DOI such as 10.1000/xyz123 (a resolver prefix like https://doi.org/ is fine)."
    )
    return RegexValidator(DOI_INPUT_PATTERN, message, code="invalid_doi")


def arxiv_input_validator():
    message = gettext_lazy("Enter an arXiv id such as 2506.05233 or hep-th/9901001.")
    return RegexValidator(ARXIV_INPUT_PATTERN, message, code="invalid_arxiv_id")
