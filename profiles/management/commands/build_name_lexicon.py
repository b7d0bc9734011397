"""Derive the compact name lexicon (profiles/data/name_lexicon.tsv.gz) from names-dataset."""

import gzip
import pickle
import unicodedata
from collections import defaultdict
from pathlib import Path

import ftfy
from django.core.management.base import BaseCommand, CommandError

from profiles.name_lexicon import LEXICON_PATH

# ASCII tokens are kept only when this common somewhere; every accented one is kept.
ASCII_RANK_LIMIT = 4000


def is_latin_token(token):
    return (
        len(token) >= 2
        and ftfy.fix_encoding(token) == token  # the dataset holds some mojibake itself
        and token[0].isupper()
        and all(
            char in "'-" or (char.isalpha() and unicodedata.name(char, "").startswith("LATIN"))
            for char in token
        )
    )


class Command(BaseCommand):
    help = (
        "Rebuild the name lexicon from names-dataset (a dev dependency): Latin-script given "
        "and family name tokens with their best rank in any country and whether each is a "
        "given (g) or family (f) name."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(LEXICON_PATH))

    def handle(self, *args, output, **options):
        try:
            import names_dataset
        except ImportError as error:
            raise CommandError("names-dataset is missing: pip install --group dev") from error
        folder = Path(names_dataset.__file__).parent / "v3"
        best = defaultdict(lambda: 10**7)
        kinds = defaultdict(set)
        for part, kind in (("first_names", "g"), ("last_names", "f")):
            # One file at a time: each unpickles to about a gigabyte.
            with gzip.open(folder / f"{part}.pkl.gz") as handle:
                entries = pickle.load(handle)
            for name, info in entries.items():
                rank = min(info["rank"].values(), default=10**6)
                for token in unicodedata.normalize("NFC", name).split():
                    if is_latin_token(token):
                        best[token] = min(best[token], rank)
                        kinds[token].add(kind)
            del entries
        kept = sorted(
            (token, rank)
            for token, rank in best.items()
            if not token.isascii() or rank <= ASCII_RANK_LIMIT
        )
        with gzip.open(output, "wt", encoding="utf-8", compresslevel=9) as handle:
            for token, rank in kept:
                handle.write(f"{token}\t{rank}\t{''.join(sorted(kinds[token]))}\n")
        accented = sum(1 for token, _ in kept if not token.isascii())
        self.stdout.write(f"{len(kept)} tokens ({accented} accented) written to {output}")
