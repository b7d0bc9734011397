"""What the tests share besides factories: data sets, page renderers, paths."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
DATA = TESTS / "data"
ROOT = TESTS.parent
