"""Property-based tests (hypothesis) for identifier validators and name helpers."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, example, given
from hypothesis import strategies as st

from profiles.identifiers import ORCID_PREFIXES, normalise_orcid, orcid_check_digit
from profiles.names import match_key, sort_key, split_name, strip_accents
from publications.identifiers import DOI_PREFIXES, normalise_arxiv_id, normalise_doi

digits = st.text(alphabet="0123456789", min_size=15, max_size=15)


def _orcid(base):
    full = base + orcid_check_digit(base)
    return "-".join(full[i : i + 4] for i in range(0, 16, 4))


@given(base=digits, prefix=st.sampled_from(("", *ORCID_PREFIXES)), dashes=st.booleans())
def test_every_orcid_with_its_check_digit_is_accepted_in_any_spelling(base, prefix, dashes):
    orcid = _orcid(base)
    spelled = prefix + (orcid if dashes else orcid.replace("-", "")).lower()
    assert normalise_orcid(f"  {spelled} ") == orcid
    assert normalise_orcid(orcid) == orcid  # idempotent


@given(base=digits, index=st.integers(0, 15), replacement=st.sampled_from("0123456789X"))
def test_any_single_character_typo_in_an_orcid_is_refused(base, index, replacement):
    orcid = _orcid(base).replace("-", "")
    assume(orcid[index] != replacement and (replacement != "X" or index == 15))
    typo = orcid[:index] + replacement + orcid[index + 1 :]
    with pytest.raises(ValidationError) as error:
        normalise_orcid(typo)
    assert error.value.code == "orcid_checksum"


@given(base=digits, i=st.integers(0, 14))
def test_swapping_two_neighbouring_orcid_digits_is_refused(base, i):
    orcid = _orcid(base).replace("-", "")
    assume(orcid[i] != orcid[i + 1])
    swapped = orcid[:i] + orcid[i + 1] + orcid[i] + orcid[i + 2 :]
    with pytest.raises(ValidationError):
        normalise_orcid(swapped)


@given(st.text(max_size=40))
@example("0000-0002-1825-009")
@example("")
def test_orcid_normalisation_either_gives_a_canonical_id_or_a_validation_error(text):
    try:
        value = normalise_orcid(text)
    except ValidationError as error:
        assert error.code in {"invalid_orcid", "orcid_checksum"}
        return
    assert len(value) == 19 and value.count("-") == 3
    assert normalise_orcid(value) == value


# Any printable ASCII but braces, which a DOI is refused for (they end a BibTeX field).
suffixes = st.text(
    alphabet=st.characters(codec="ascii", categories=["L", "N", "P", "S"], exclude_characters="{}"),
    min_size=1,
    max_size=30,
)


@given(
    registrant=st.text(alphabet="0123456789", min_size=4, max_size=9),
    suffix=suffixes,
    prefix=st.sampled_from(("", *DOI_PREFIXES)),
    upper=st.booleans(),
)
def test_a_doi_normalises_to_one_lower_case_form_whatever_prefix_or_case(
    registrant, suffix, prefix, upper
):
    doi = f"10.{registrant}/{suffix}"
    spelled = prefix + (doi.upper() if upper else doi)
    assert normalise_doi(spelled) == doi.lower()
    assert normalise_doi(normalise_doi(spelled)) == doi.lower()


@given(st.text(max_size=60))
def test_doi_normalisation_never_crashes_and_is_idempotent(text):
    try:
        value = normalise_doi(text)
    except ValidationError as error:
        assert error.code == "invalid_doi"
        return
    assert value.startswith("10.") and value == value.lower() and value == normalise_doi(value)


@given(
    yymm=st.integers(701, 2912).filter(lambda n: 1 <= n % 100 <= 12),
    number=st.integers(1, 99999),
    version=st.one_of(st.none(), st.integers(1, 30)),
    prefix=st.sampled_from(
        ("", "arXiv:", "https://arxiv.org/abs/", "http://arxiv.org/pdf/", "arxiv.org/abs/")
    ),
    pdf=st.booleans(),
)
def test_new_style_arxiv_ids_lose_prefix_version_and_pdf_suffix(yymm, number, version, prefix, pdf):
    width = 5 if yymm >= 1501 else 4
    assume(number < 10**width)
    base = f"{yymm:04d}.{number:0{width}d}"
    text = prefix + base + (f"v{version}" if version else "") + (".pdf" if pdf and prefix else "")
    assert normalise_arxiv_id(text) == base
    assert normalise_arxiv_id(base) == base


@given(
    archive=st.sampled_from(["hep-th", "math.AG", "cond-mat", "cs", "astro-ph"]),
    number=st.integers(0, 9_999_999),
    version=st.one_of(st.none(), st.integers(1, 9)),
)
def test_old_style_arxiv_ids_keep_their_archive(archive, number, version):
    base = f"{archive}/{number:07d}"
    assert normalise_arxiv_id(base + (f"v{version}" if version else "")) == base


@given(st.text(max_size=40))
def test_arxiv_normalisation_never_crashes(text):
    try:
        value = normalise_arxiv_id(text)
    except ValidationError as error:
        assert error.code == "invalid_arxiv_id"
        return
    assert normalise_arxiv_id(value) == value


name_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=50)


@given(name_text)
def test_match_key_is_idempotent_and_ignores_case_accents_and_spacing(name):
    key = match_key(name)
    assert match_key(key) == key
    if name.isascii():
        assert match_key(name.swapcase()) == key
    assert match_key(f"  {name}  ") == key
    assert key == " ".join(key.split())
    assert match_key(strip_accents(name)) == key


@pytest.mark.parametrize(
    ("spelling", "other"),
    [
        ("Răzvan Pascanu", "razvan  PASCANU"),
        ("Müller, Jörg", "Muller Jorg"),
        ("O'Brien", "o brien"),
    ],
)
def test_match_key_joins_spellings_of_one_name(spelling, other):
    assert match_key(spelling) == match_key(other)


words = st.text(alphabet=st.characters(categories=["Lu", "Ll"]), min_size=1, max_size=12)


@given(st.lists(words, min_size=1, max_size=4))
def test_split_name_always_finds_a_family_name_and_invents_no_word(parts):
    full_name = " ".join(parts)
    given, particle, family = split_name(full_name)
    assert family
    # nameparser may drop a word it reads as a title ("Dr"), but never makes one up.
    assert set(" ".join([given, particle, family]).split()) <= set(full_name.split())


@given(given=words, family=words, particle=st.sampled_from(["von", "van der", "de", ""]))
def test_particles_do_not_change_where_a_name_sorts(given, family, particle):
    assert sort_key(given, particle, family).startswith(match_key(f"{family} {given}"))
