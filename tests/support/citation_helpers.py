"""Shared data and parser set-ups for the citation tests."""

import datetime
import io
import json

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from django.core.management import call_command
from django.db.models import Max
from pylatexenc.latex2text import LatexNodes2Text

from profiles.models import Person
from publications.models import Publication
from tests.factories import make_person, make_publication, make_topic
from tests.support import DATA, ROOT

SEED_SLUG = "razvan-pascanu"
SEED_FILE = ROOT / "data" / "seed" / "000_1ad2ebc84e302d88.txt"
# The CSL data schema, vendored from citation-style-language/schema.
CSL_SCHEMA = json.loads((DATA / "csl-data.json").read_text())


def accented_people():
    return [
        make_person("Petar Veličković", has_profile=True),
        make_person("Tomasz Trzciński"),
        make_person("Johannes von Oswald", has_profile=True),
    ]


def accented_publication(**fields):
    """A journal article by the accented authors, with every field filled in."""
    values = {
        "title": "MesaNet: Sequence Modeling -- with 50% fewer RNN & {braces} in Łódź",
        "abstract": "We study “optimal” test-time training -- and more <b>bold</b>.",
        "date": datetime.date(2025, 6, 5),
        "venue": "Journal of Machine Learning Research",
        "kind": Publication.Kind.ARTICLE,
        "doi": "10.1000/xyz_123",
        "arxiv_id": "2506.05233",
        "url": "https://example.org/mesanet?x=1&y=2",
        "pdf_url": "https://example.org/mesanet.pdf",
    }
    values.update(fields)
    publication = make_publication(authors=accented_people(), **values)
    publication.topics.add(make_topic("Sequence Modeling"))
    return publication


def import_seed():
    call_command("import_profile", str(SEED_FILE), stdout=io.StringIO())
    return Person.objects.get(slug=SEED_SLUG)


def many_publications(count, authors_each=6):
    """`count` publications of one person with `authors_each` authors and a topic each."""
    person = make_person("Ada Lovelace", has_profile=True)
    topic = make_topic()
    start = (Publication.objects.aggregate(Max("id"))["id__max"] or 0) + 1
    for number in range(count):
        others = [make_person() for _ in range(authors_each - 1)]
        publication = make_publication(
            title=f"Paper {start + number}", authors=[person, *others], year=2020
        )
        publication.topics.add(topic)
    return person


def parse_bibtex(text):
    """bibtexparser with names split into parts, then LaTeX decoding.

    Names are split first, as BibTeX does: a braced "{and}" inside a name is not a
    separator, and decoding first would drop its braces. bibtexparser's decoder skips a
    list of names, so bibtex_names decodes each part.
    """
    return bibtexparser.parse_string(
        text,
        append_middleware=[SeparateCoAuthors(), SplitNameParts(), LatexDecodingMiddleware()],
    )


_latex_decoder = LatexNodes2Text()


def bibtex_names(entry):
    """(first, von, last) of each author of a parse_bibtex entry, LaTeX decoded."""

    def decoded(parts):
        return _latex_decoder.latex_to_text(" ".join(parts))

    return [
        (decoded(name.first), decoded(name.von), decoded(name.last)) for name in entry["author"]
    ]


def byline(publication):
    """(given, particle, family) of each author, in byline order, from the database."""
    return [
        (a.person.given_name, a.person.name_particle, a.person.family_name)
        for a in publication.authorships.select_related("person")
    ]
