"""The French catalogue is complete, compiled, and keeps what the code fills in."""

import re
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.support.catalogue import (
    PLACEHOLDER,
    PO_PATH,
    TAG,
    catalogue,
    forms,
    third_party_catalogue,
)

NBSP, NNBSP = "\u00a0", "\u202f"


def entries(catalogue_=catalogue):
    return [entry for entry in catalogue_() if entry.msgid]


# Ours, and the one for third-party strings (test_third_party_catalogue.py): both held
# to the same rules.
each_catalogue = pytest.mark.parametrize(
    "catalogue_", [catalogue, third_party_catalogue], ids=["ours", "third-party"]
)


def test_the_catalogue_covers_the_interface():
    assert len(entries()) > 300
    assert catalogue().metadata["Language"] == "fr"
    assert catalogue().metadata["Plural-Forms"].startswith("nplurals=2;")


@each_catalogue
def test_no_entry_is_untranslated_fuzzy_or_obsolete(catalogue_):
    catalogue_ = catalogue_()
    assert [entry.msgid for entry in catalogue_.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue_.fuzzy_entries()] == []
    assert [entry.msgid for entry in catalogue_.obsolete_entries()] == []
    assert all(text.strip() for entry in catalogue_ if entry.msgid for text in forms(entry))


@each_catalogue
def test_each_translation_keeps_the_placeholders_and_tags_of_its_english(catalogue_):
    wrong = []
    for entry in entries(catalogue_):
        english = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        for source, french in zip(english * 2, forms(entry), strict=False):
            if Counter(PLACEHOLDER.findall(source)) != Counter(PLACEHOLDER.findall(french)):
                wrong.append((entry.msgid, french))
            tags = [re.sub(r"\s.*", "", tag) for tag in TAG.findall(source)]
            if tags != [re.sub(r"\s.*", "", tag) for tag in TAG.findall(french)]:
                wrong.append((entry.msgid, french))
    assert wrong == []


@each_catalogue
def test_french_punctuation_has_its_non_breaking_spaces(catalogue_):
    wrong = []
    for entry in entries(catalogue_):
        for french in forms(entry):
            text = TAG.sub("", PLACEHOLDER.sub("x", french))
            text = re.sub(r"https?://\S+", "", text)
            # A space that may break, or none, before ; ? ! : or inside « »; straight quotes.
            if re.search(r"[^\u00a0\u202f][;?!»]|[^\u00a0]:|«[^\u00a0]|['\"]", text):
                wrong.append(french)
    assert wrong == []


def test_the_membership_labels_are_those_of_the_institute():
    translated = {entry.msgid: entry.msgstr for entry in entries()}
    assert translated["Affiliate Member"] == "Membre affilié"
    assert translated["Core Academic Member"] == "Membre académique principal"
    assert translated["Research topics"] == "Thèmes de recherche"
    assert translated["Co-authors"] == "Co-auteurs"


@each_catalogue
def test_the_committed_mo_file_says_what_the_po_file_says(catalogue_):
    compiled = polib.mofile(str(Path(catalogue_().fpath).with_suffix(".mo")))

    def table(entries_):
        return {(entry.msgctxt, entry.msgid): tuple(forms(entry)) for entry in entries_}

    assert table(entry for entry in compiled if entry.msgid) == table(entries(catalogue_))
    call_command("compile_catalogues", "--check")  # byte for byte, as make messages writes it


def test_the_check_fails_on_a_stale_mo_file(tmp_path, settings):
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(PO_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "django.mo").write_bytes(b"old")
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(CommandError, match="Out of date"):
        call_command("compile_catalogues", "--check")
    call_command("compile_catalogues")
    call_command("compile_catalogues", "--check")
    assert polib.mofile(str(folder / "django.mo")).find("Affiliate Member").msgstr == (
        "Membre affilié"
    )


SOURCES = ("config", "core", "jobs", "profiles", "publications", "templates")


def keys(catalogue_):
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in catalogue_ if entry.msgid}


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext's xgettext")
def test_the_catalogue_holds_exactly_the_strings_of_the_source(tmp_path, settings, monkeypatch):
    """makemessages over a copy of the source finds no string missing and none left over."""
    base = Path(django_settings.BASE_DIR)
    kept = shutil.ignore_patterns("__pycache__", "*.gz", "*.pyc")
    for name in SOURCES:
        shutil.copytree(base / name, tmp_path / name, ignore=kept)
    folder = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(PO_PATH, folder / "django.po")
    third_party = Path(third_party_catalogue().fpath)
    shutil.copytree(third_party.parents[2], tmp_path / third_party.parents[2].name)
    settings.LOCALE_PATHS = [tmp_path / path.name for path in django_settings.LOCALE_PATHS]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["fr"], no_obsolete=True, verbosity=0)
    fresh = polib.pofile(str(folder / "django.po"))
    assert keys(fresh) - keys(catalogue()) == set()  # new strings: run make messages
    assert keys(catalogue()) - keys(fresh) == set()  # strings the source no longer has
    # The third-party strings are in no source file: makemessages leaves them alone.
    kept = tmp_path / third_party.relative_to(django_settings.BASE_DIR)
    assert kept.read_bytes() == third_party.read_bytes()
