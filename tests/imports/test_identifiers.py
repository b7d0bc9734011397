import pytest
from django.core.exceptions import ValidationError

from profiles.identifiers import normalise_orcid
from publications.identifiers import normalise_arxiv_id, normalise_doi


@pytest.mark.parametrize(
    "raw",
    [
        "0000-0002-1825-0097",
        "https://orcid.org/0000-0002-1825-0097",
        "0000000218250097",
        " orcid.org/0000-0002-1825-0097 ",
    ],
)
def test_orcid_is_normalised_to_four_groups(raw):
    assert normalise_orcid(raw) == "0000-0002-1825-0097"


def test_orcid_with_x_check_digit_is_accepted():
    assert normalise_orcid("0000-0002-1694-233x") == "0000-0002-1694-233X"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0000-0002-1825-0098", "orcid_checksum"),
        ("0000-0002-1825", "invalid_orcid"),
        ("abcd-0002-1825-0097", "invalid_orcid"),
    ],
)
def test_bad_orcid_is_refused_with_a_reason(raw, code):
    with pytest.raises(ValidationError) as error:
        normalise_orcid(raw)
    assert error.value.code == code


@pytest.mark.parametrize(
    "raw",
    [
        "10.1000/XYZ123",
        "https://doi.org/10.1000/xyz123",
        "doi:10.1000/xyz123",
        "http://dx.doi.org/10.1000/xyz123",
    ],
)
def test_doi_loses_its_resolver_prefix(raw):
    assert normalise_doi(raw) == "10.1000/xyz123"


@pytest.mark.parametrize(
    "raw",
    ["", "10.1/x", "11.1000/abc", "10.1000/", "not a doi", "10.1234/b},author={mallory,eve"],
)
def test_bad_doi_is_refused(raw):
    with pytest.raises(ValidationError):
        normalise_doi(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2506.05233", "2506.05233"),
        ("arXiv:2506.05233v2", "2506.05233"),
        ("https://arxiv.org/abs/1706.03762", "1706.03762"),
        ("https://arxiv.org/pdf/1706.03762v7.pdf", "1706.03762"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("math.GT/0309136v1", "math.GT/0309136"),
    ],
)
def test_arxiv_ids_in_modern_and_old_form(raw, expected):
    assert normalise_arxiv_id(raw) == expected


@pytest.mark.parametrize(
    "raw", ["25060.5233", "1234", "hep-th/99", "arXiv:", "hep-th/9901001},note={x"]
)
def test_bad_arxiv_id_is_refused(raw):
    with pytest.raises(ValidationError):
        normalise_arxiv_id(raw)
