"""Reading a publication block as one sequence: line kinds chosen for the whole block."""

from benchmarks.pages import measure
from publications.importers.healing import heal
from publications.importers.profile_page import parse_profile
from publications.importers.sequence import best_kinds

HEADER = "Portrait of Eve Moreau\nEve Moreau\nPublications\n"


def read(body):
    return heal(parse_profile(HEADER + body))


def test_a_coauthor_whose_every_accent_lost_its_escape_stays_a_person():
    parsed = read(
        "Graph Rewiring at Scale: a study\nAnn Lee\ncSerban cTuarucs\n"
        "Spectral Methods for Sparse Graphs\nBob Stone\n"
    )
    assert [p.title for p in parsed.publications] == [
        "Graph Rewiring at Scale: a study",
        "Spectral Methods for Sparse Graphs",
    ]
    assert [a.name for a in parsed.publications[0].authors] == ["Ann Lee", "Şerban Ţăruş"]


def test_a_short_line_of_ordinary_words_after_authors_is_a_title():
    parsed = read(
        "Graph Rewiring at Scale: a study\nAnn Lee\nBob Stone\nAttention Heads\nCarl Diaz\n"
    )
    assert [p.title for p in parsed.publications] == [
        "Graph Rewiring at Scale: a study",
        "Attention Heads",
    ]
    assert [a.name for a in parsed.publications[1].authors] == ["Carl Diaz"]


def test_the_grammar_puts_a_title_first_and_an_abstract_only_after_an_entry_began():
    prose = {"title": 0.1, "author": 0.1, "abstract": 0.95}
    name = {"title": 0.5, "author": 0.9, "abstract": 0.0}
    scores = {"prose": prose, "name": name}
    assert best_kinds(["name", "name", "prose"], scores.__getitem__) == [
        "title",
        "author",
        "abstract",
    ]


def test_generated_pages_are_read_almost_line_for_line():
    result = measure(20, seed=5)
    assert result["line accuracy"] >= 0.99, result["examples"]
    assert result["publication F1"] >= 0.98 and result["person F1"] >= 0.97
    assert result["people made of titles"] + result["titles made of people"] <= 4


def test_coauthors_whose_nickname_or_hyphenated_given_name_lost_its_accents_stay_people():
    parsed = read(
        "Graph Rewiring at Scale: a study\nAnn Lee\nAsani-'Olaf'ia Ngaba\n"
        'Tenki "K"a" Holli\nShingane "Na"imatou" `Ed^o\n'
        "Spectral Methods for Sparse Graphs\nBob Stone\n"
    )
    assert [p.title for p in parsed.publications] == [
        "Graph Rewiring at Scale: a study",
        "Spectral Methods for Sparse Graphs",
    ]
    assert [a.name for a in parsed.publications[0].authors] == [
        "Ann Lee",
        "Asani-Ólafía Ngaba",
        'Tenki "Kä" Holli',
        'Shingane "Naïmatou" Èdô',
    ]


ABSTRACT = (
    "We use a simple method that can see how long sequences are read, and show that the "
    "same method scales to a billion tokens without any loss of accuracy on every task."
)


def test_a_name_shaped_title_whose_first_word_the_page_uses_as_a_word_is_a_title():
    # names-dataset holds "Use" as a given name; this page's prose uses it as a word.
    parsed = read(
        f"Graph Rewiring at Scale: a study\nAnn Lee\nBob Stone\n{ABSTRACT}\n"
        "Spectral Methods for Sparse Graphs\nCarl Diaz\nUse Long\nDana Moss\n"
        "Attention at Scale: a study\nCan Wang\nMark Young\n"
    )
    assert [p.title for p in parsed.publications] == [
        "Graph Rewiring at Scale: a study",
        "Spectral Methods for Sparse Graphs",
        "Use Long",
        "Attention at Scale: a study",
    ]
    # Among the commonest names of some country, a word of the prose is still a name.
    assert [a.name for a in parsed.publications[3].authors] == ["Can Wang", "Mark Young"]


def test_coauthors_with_a_doubtful_repair_a_name_suffix_or_a_rare_capital_stay_people():
    parsed = read(
        "Graph Rewiring at Scale: a study\nAnn Lee\ncS. Bessaoud\nUsso P. cCarhoshi\n"
        "Ennmaria-Tamarka Páncsics\nMatai-Ngwato Agness\nⱮańțī K. Pidro\n"
        "Spectral Methods for Sparse Graphs\nBob Stone\n"
    )
    assert len(parsed.publications) == 2
    assert len(parsed.publications[0].authors) == 6


def test_name_shaped_titles_after_authors_are_titles_and_name_shaped_bylines_people():
    parsed = read(
        "Graph Rewiring at Scale: a study\nAnn Lee\nJivr'i Dvovr'ak\n"
        # "Provably" is a common English word that no name lexicon holds.
        "Provably Kowalski\nBob Stone\nSolar K. Brandt\n"
        # "Rank" is a given name in names-dataset, and a word of another title here.
        "Low Rank Adapters for Graph Models\nCarl Diaz\nRank Dubois\nDana Moss\n"
        # An entry of a title alone, listed twice: no byline names a person twice.
        "Show Lindqvist\nShow Lindqvist\nSpectral Methods for Sparse Graphs\nEve Park\n"
    )
    assert [(p.title, [a.name for a in p.authors]) for p in parsed.publications] == [
        ("Graph Rewiring at Scale: a study", ["Ann Lee", "Jiří Dvořák"]),
        # A middle initial is a byline's shape: "Solar" is a given name there.
        ("Provably Kowalski", ["Bob Stone", "Solar K. Brandt"]),
        ("Low Rank Adapters for Graph Models", ["Carl Diaz"]),
        ("Rank Dubois", ["Dana Moss"]),
        ("Show Lindqvist", []),  # healing drops the second listing
        ("Spectral Methods for Sparse Graphs", ["Eve Park"]),
    ]
