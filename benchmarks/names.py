"""`make bench-names`: name repair measured on a corpus drawn from the name lexicon.

The lexicon is split by a hash of each token: the scorer learns from nine tenths, and
names are measured both from that part ("known") and from the tenth it never saw
("unseen"). Accented names are mangled the way the scraper does it: TeX-encoded by
pylatexenc, every backslash and brace dropped, and now and then the last command split
from its word by a space. As many clean names, accented or not and in the shapes real
bylines have (initials, hyphens, particles, nicknames, apostrophes), must come through
unchanged. No database is needed.

python -m benchmarks.names [--names N] [--seed S]
"""

import argparse
import os
import random
import re
import time
import zlib
from dataclasses import dataclass, field

from profiles.name_lexicon import NameEvidence, read_lexicon
from profiles.name_repair import repair_name
from profiles.tex_traces import SPECIAL, surfaces, tex_mangle

LIST = 8
HELD_OUT_PERCENT = 10
PARTICLES = ["van", "de", "von", "da", "di", "van der", "de la", "del", "dos"]


def held_out(token):
    return zlib.crc32(token.casefold().encode()) % 100 < HELD_OUT_PERCENT


def split_lexicon(lexicon):
    """(what the scorer learns from, what it never sees)."""
    train = {token: entry for token, entry in lexicon.items() if not held_out(token)}
    test = {token: entry for token, entry in lexicon.items() if held_out(token)}
    return train, test


def leaves_a_trace(name):
    """False when every accent of `name` mangles into plain letters (ł -> l, ø -> o):
    then the printed form is a clean name too, and nothing can tell it was damaged."""
    kinds = {option[0]: option[1] for options in surfaces().values() for option in options}
    return any(kinds.get(char, SPECIAL) != SPECIAL for char in name if not char.isascii())


def mangle(name, rng):
    """The scraper's damage: TeX-encode, drop \\ and {}, sometimes split the last command."""
    mangled = tex_mangle(name)
    if rng.random() < 0.3:
        mangled = re.sub(r"(?<=[a-z])(['`^\"~=.][A-Za-z])$", r" \1", mangled)
    return mangled


def _pools(part, kind, *, accented):
    tokens = [
        token
        for token, entry in part.items()
        if kind in entry.kinds and "'" not in token and (not token.isascii()) == accented
    ]
    return sorted(tokens)


def _encodable(name):
    return tex_mangle(name) != name


@dataclass
class Tally:
    total: int = 0
    right: int = 0
    doubtful: int = 0
    wrong: list = field(default_factory=list)

    def rate(self):
        return self.right / self.total if self.total else 0.0


def accented_names(part, rng, count):
    given, family = _pools(part, "g", accented=True), _pools(part, "f", accented=True)
    plain_given = _pools(part, "g", accented=False)
    names = set()
    while len(names) < count:
        first = rng.choice(given if rng.random() < 0.5 else plain_given)
        name = f"{first} {rng.choice(family)}"
        if _encodable(name):
            names.add(name)
    return sorted(names)


def clean_names(part, rng, count):
    """Clean names in every shape a byline shows, half of them accented."""
    pools = {
        accented: (_pools(part, "g", accented=accented), _pools(part, "f", accented=accented))
        for accented in (True, False)
    }
    apostrophes = sorted(token for token in part if "'" in token and token[0].isupper())
    names = []
    while len(names) < count:
        given, family = pools[rng.random() < 0.5]
        names.append(byline_name(rng, given, family, apostrophes))
    return names


def byline_name(rng, given, family, apostrophes=()):
    """A full name in one of the shapes bylines print: plain, with a middle initial, a
    hyphenated given name, a particle, an apostrophe, a quoted nickname, an initial."""
    first, last = rng.choice(given), rng.choice(family)
    shape = rng.randrange(7)
    if shape == 1:
        first = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTVW')}."
    elif shape == 2:
        first = f"{first}-{rng.choice(given)}"
    elif shape == 3:
        last = f"{rng.choice(PARTICLES)} {last}"
    elif shape == 4 and apostrophes:
        last = rng.choice(apostrophes)
    elif shape == 5:
        first = f'{first} "{rng.choice(given)}"'
    elif shape == 6:
        first = f"{first[0]}."
    return f"{first} {last}"


def measure(names, expected, evidence):
    tally = Tally()
    for printed, clean in zip(names, expected, strict=True):
        repair = repair_name(printed, evidence=evidence)
        tally.total += 1
        if repair.name == clean:
            tally.right += 1
        else:
            tally.doubtful += repair.status == "doubtful"
            tally.wrong.append((printed, repair.name, clean))
    return tally


def run(count, seed):
    rng = random.Random(seed)
    started = time.perf_counter()
    train, test = split_lexicon(read_lexicon())
    evidence = NameEvidence(train)
    built = time.perf_counter() - started
    rows = []
    for label, part in (("known", train), ("unseen", test)):
        names = accented_names(part, rng, count // 2)
        traced = [name for name in names if leaves_a_trace(name)]
        mangled = [mangle(name, rng) for name in traced]
        rows.append((f"mangled, {label}", measure(mangled, traced, evidence)))
        traceless = [name for name in names if not leaves_a_trace(name)]
        rows.append(
            (f"mangled without a trace, {label}", measure(
                [tex_mangle(name) for name in traceless], traceless, evidence))
        )  # fmt: skip
        clean = clean_names(part, rng, count // 2)
        rows.append((f"clean, {label}", measure(clean, clean, evidence)))
    return rows, built, time.perf_counter() - started - built


def report(rows, built, measured):
    print(f"scorer built in {built:.1f} s from nine tenths of the lexicon; measured in "
          f"{measured:.1f} s")  # fmt: skip
    print(f"{'corpus':36} {'names':>7} {'as meant':>9} {'doubtful':>9} {'wrong':>7}")
    for label, tally in rows:
        wrong = len(tally.wrong) - tally.doubtful
        print(f"{label:36} {tally.total:7} {tally.rate():9.2%} {tally.doubtful:9} {wrong:7}")
    for label, tally in rows:
        for printed, got, meant in tally.wrong[:LIST]:
            print(f"  {label}: {printed!r} -> {got!r}, meant {meant!r}")


def setup_django():
    """The repairs name their evidence through gettext, which reads the settings."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_dev")
    django.setup()


def main(argv=None):
    setup_django()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=20000, help="accented names; as many clean")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    report(*run(args.names, args.seed))


if __name__ == "__main__":
    main()
