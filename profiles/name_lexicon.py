"""Evidence about given and family names: a lexicon of real ones and a character model.

The lexicon is derived once from names-dataset by `manage.py build_name_lexicon` and kept
compressed in the repository: the package's own files unpickle to gigabytes, while this
list of Latin-script tokens loads in seconds into tens of megabytes, and only in a process
that repairs names.
"""

import gzip
import math
import os
import pickle
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON_PATH = Path(__file__).parent / "data" / "name_lexicon.tsv.gz"
ORDER = 4  # characters of context + 1; 5 gains little and doubles the memory
_START, _END = "\x02", "\x03"
COMMON_RANK = 50  # among the 50 commonest names of some country of names-dataset
EVIDENCE_VERSION = 4  # raise it when NameEvidence changes, so old pickles are not read


@dataclass(frozen=True)
class Entry:
    rank: int  # best rank in any country of names-dataset
    kinds: str  # "g" given name, "f" family name, "fg" both


def read_lexicon(path=LEXICON_PATH):
    """{token: Entry} from the derived lexicon file."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = (line.rstrip("\n").split("\t") for line in handle)
        return {token: Entry(int(rank), kinds) for token, rank, kinds in rows}


def name_parts(token):
    """The pieces of a token the model scores one by one: "Jean-Luc" is two names."""
    return [part for part in token.casefold().split("-") if part]


class CharModel:
    """A character n-gram model of name pieces, interpolated Witten-Bell.

    It gives any spelling a log-probability, so names no lexicon holds still rank.
    """

    def __init__(self, pieces, order=ORDER):
        self.order = order
        grams = Counter()
        for piece in pieces:
            padded = _START * (order - 1) + piece + _END
            for end in range(order - 1, len(padded)):
                grams.update(padded[end - size + 1 : end + 1] for size in range(1, order + 1))
        self.grams = grams
        self.context_total, self.context_types = Counter(), Counter()
        for gram, count in grams.items():
            self.context_total[gram[:-1]] += count
            self.context_types[gram[:-1]] += 1
        self.alphabet_size = sum(1 for gram in grams if len(gram) == 1) + 1

    def char_logprob(self, history, char):
        history = history[-(self.order - 1) :]
        prob = 1 / self.alphabet_size  # a letter never seen still gets a little
        for start in range(len(history), -1, -1):
            context = history[start:]
            total = self.context_total.get(context)
            if not total:
                continue
            types = self.context_types[context]
            prob = (self.grams.get(context + char, 0) + types * prob) / (total + types)
        return math.log(prob)

    def logprob(self, piece):
        history, total = _START * (self.order - 1), 0.0
        for char in piece + _END:
            total += self.char_logprob(history, char)
            history = history[1:] + char
        return total


class NameEvidence:
    """What is known about name spellings: the lexicon and a model trained from it."""

    def __init__(self, lexicon, order=ORDER):
        self.lexicon = frozenset(token.casefold() for token in lexicon)
        self.given = frozenset(
            token.casefold() for token, entry in lexicon.items() if "g" in entry.kinds
        )
        self.commonest = frozenset(
            token.casefold() for token, entry in lexicon.items() if entry.rank <= COMMON_RANK
        )
        pieces = [part for token in self.lexicon for part in name_parts(token)]
        self.model = CharModel(pieces, order)
        # Names written in their own alphabet: what a name that went through TeX was.
        self.native_model = CharModel([piece for piece in pieces if not piece.isascii()], order)

    def known(self, token):
        return token.casefold() in self.lexicon

    def is_common(self, token):
        """A name so common somewhere that a word spelled so may well be that name."""
        return token.casefold() in self.commonest

    def known_given(self, token):
        return token.casefold() in self.given


def _cache_path():
    stamp = os.stat(LEXICON_PATH)
    folder = Path(os.environ.get("VAR_DIR") or Path(__file__).resolve().parent.parent / "var")
    name = f"name-evidence-v{EVIDENCE_VERSION}-{ORDER}-{stamp.st_size}-{int(stamp.st_mtime)}"
    return folder / f"{name}.pickle"


@cache
def default_evidence():
    """The evidence from the whole lexicon, built once and kept in a pickle beside it."""
    path = _cache_path()
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError):
        pass
    evidence = NameEvidence(read_lexicon())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as handle:
            pickle.dump(evidence, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except OSError:
        pass  # a read-only disk: the next process builds it again
    return evidence
