"""Floors for name repair on a fixed sample of the benchmark's corpus (benchmarks/names.py)."""

import random

import pytest

from benchmarks.names import accented_names, clean_names, leaves_a_trace, mangle, measure
from profiles.name_lexicon import default_evidence, read_lexicon


@pytest.fixture(scope="module")
def lexicon():
    return read_lexicon()


def test_mangled_names_from_the_lexicon_are_repaired_exactly(lexicon):
    rng = random.Random(13)
    names = [name for name in accented_names(lexicon, rng, 300) if leaves_a_trace(name)]
    tally = measure([mangle(name, rng) for name in names], names, default_evidence())
    assert tally.rate() >= 0.9, tally.wrong[:10]


def test_clean_names_in_every_byline_shape_come_through_unchanged(lexicon):
    names = clean_names(lexicon, random.Random(13), 600)
    tally = measure(names, names, default_evidence())
    assert len(tally.wrong) <= 1, tally.wrong
