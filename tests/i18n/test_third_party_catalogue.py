"""locale_third_party/ translates only what third-party packages leave in English.

Its completeness, typography and compiled file are checked with ours in
test_catalogue.py; here, that each entry is still needed."""

import importlib.util
from pathlib import Path

import polib
from django.utils import translation

from tests.support.catalogue import catalogue, third_party_catalogue


def entries():
    return [entry for entry in third_party_catalogue() if entry.msgid]


def package_root(entry):
    """The installed package the entry's "#:" line names first (package/path)."""
    package = entry.occurrences[0][0].split("/")[0]
    return Path(importlib.util.find_spec(package).origin).parent


def test_each_entry_is_a_string_of_the_package_it_names():
    missing = []
    for entry in entries():
        ((where, _line),) = entry.occurrences
        source = package_root(entry) / where.partition("/")[2]
        if entry.msgid not in source.read_text(encoding="utf-8"):
            missing.append(entry.msgid)
    assert missing == []


def test_no_entry_is_one_of_ours_or_translated_by_its_package():
    ours = {(entry.msgctxt, entry.msgid) for entry in catalogue()}
    assert [entry.msgid for entry in entries() if (entry.msgctxt, entry.msgid) in ours] == []
    translated = []
    for entry in entries():
        own = package_root(entry) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
        if own.exists() and polib.pofile(str(own)).find(entry.msgid, msgctxt=entry.msgctxt):
            translated.append(entry.msgid)
    assert translated == []


def test_the_site_speaks_them_in_french():
    with translation.override("fr"):
        for entry in entries():
            if entry.msgctxt:
                said = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                said = translation.gettext(entry.msgid)
            assert said == entry.msgstr
