"""Importing scraped profile pages: the seed, other pages in the format, and bad files."""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from profiles.models import NameVariant, Person, Topic
from publications.importers.profile_page import classify, parse_profile, remove_see_more
from publications.models import Authorship, Publication
from tests.support import DATA, ROOT

SEED = ROOT / "data" / "seed" / "000_1ad2ebc84e302d88.txt"
OTHER = DATA / "profile_van_der_berg.txt"
MARKER = "… (see more)"
WRITES = ("INSERT", "UPDATE", "DELETE")


def run(path, *args):
    out = io.StringIO()
    call_command("import_profile", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Every count and timestamp an import could change, history included."""
    return {
        "publications": Publication.objects.count(),
        "people": Person.objects.count(),
        "authorships": Authorship.objects.count(),
        "variants": NameVariant.objects.count(),
        "topics": Topic.objects.count(),
        "history": sum(
            model.history.count() for model in (Publication, Person, Authorship, NameVariant)
        )
        + Topic.history.count(),
        "updated": sorted(
            str(value)
            for model in (Publication, Person, Topic)
            for value in model.objects.values_list("updated", flat=True)
        ),
    }


@pytest.fixture
def seeded(db):
    return run(SEED)


def test_the_seed_gives_seven_distinct_publications_all_linked_to_its_owner(seeded):
    razvan = Person.objects.get(full_name="Razvan Pascanu")
    assert Publication.objects.count() == 7
    assert razvan.authorships.count() == 7
    assert set(razvan.authorships.values_list("position", flat=True)) == {None}
    assert Person.objects.count() == 53  # the owner and 52 distinct co-authors
    assert not Authorship.objects.filter(position__isnull=False).exists()


def test_the_seed_report_lists_what_was_created_repaired_merged_and_dropped(seeded):
    lines = seeded.splitlines()
    for expected in [
        "People created: 53",
        "People matched: 0",
        "People merged: 1",
        "  Alex Ku → Alexander Y. Ku",
        "Publications created: 7",
        "Publications updated: 0",
        "Names repaired: 3",
        "  Tomasz Trzci'nski → Tomasz Trzciński (TeX accent rule)",
        "  'Alvaro Arroyo → Álvaro Arroyo (TeX accent rule)",
        "  Petar Velivckovi 'c → Petar Veličković (clean spelling in the data)",
        "Duplicates dropped: 5",
        "  line 45: 'MesaNet: Sequence Modeling by Locally Optimal Test-Time Training' "
        "(same publication as line 29)",
        "Doubtful lines (kept as printed): 0",
        "Low-confidence lines: 0",
    ]:
        assert expected in lines


def test_mangled_names_in_the_seed_are_stored_repaired(seeded):
    names = set(Person.objects.values_list("full_name", flat=True))
    assert {"Tomasz Trzciński", "Petar Veličković", "Álvaro Arroyo"} <= names
    assert not [name for name in names if "'" in name or "vck" in name]
    first_token = Publication.objects.get(title="Why do LLMs attend to the first token?")
    printed = set(first_token.authorships.values_list("name_as_printed", flat=True))
    assert {"Álvaro Arroyo", "Petar Veličković", "Razvan Pascanu"} <= printed


def test_two_spellings_on_one_paper_are_one_person_with_both_variants(seeded):
    ku = Person.objects.get(full_name="Alexander Y. Ku")
    assert set(ku.name_variants.values_list("name", flat=True)) == {"Alexander Y. Ku", "Alex Ku"}
    assert not Person.objects.filter(full_name="Alex Ku").exists()
    paper = Publication.objects.get(title__startswith="On the generalization of language models")
    assert paper.authorships.filter(person=ku).get().name_as_printed == "Alexander Y. Ku"
    assert paper.authorships.count() == 10  # 9 co-authors and the owner


def test_the_see_more_marker_is_cut_and_nothing_else_changes(seeded):
    raw = {line for line in SEED.read_text().splitlines() if MARKER in line}
    assert len(raw) == 2
    abstracts = set(Publication.objects.exclude(abstract="").values_list("abstract", flat=True))
    assert abstracts == {line.replace(MARKER, "") for line in raw}
    mesanet = Publication.objects.get(title__startswith="MesaNet")
    assert "Although widely adopted, transformers require scaling memory" in mesanet.abstract
    softmax = Publication.objects.get(title__startswith="Unpacking Softmax")
    assert "output distributions in classification tasks or attention weights" in softmax.abstract
    assert "see more" not in mesanet.abstract + softmax.abstract


def test_importing_the_seed_again_changes_nothing(seeded):
    before = snapshot()
    report = run(SEED)
    assert snapshot() == before
    assert "People created: 0" in report and "Publications created: 0" in report
    assert "Publications unchanged: 7" in report


def test_a_dry_run_prints_the_report_and_writes_nothing(db):
    report = run(SEED, "--dry-run")
    assert report.startswith(f"Import of {SEED} (dry run: nothing written)")
    assert "Publications created: 7" in report
    assert not Person.objects.exists() and not Publication.objects.exists()
    assert Publication.history.count() == 0


def test_bootstrap_loads_the_seed_through_the_importer(db):
    call_command("bootstrap", stdout=io.StringIO())
    assert Publication.objects.count() == 7
    assert Person.objects.get(full_name="Razvan Pascanu").topics.count() == 15


def test_another_page_in_the_format_imports_its_owner_and_titles_that_look_like_names(db):
    report = run(OTHER)
    ada = Person.objects.get(full_name="Ada van der Berg")
    assert (ada.given_name, ada.name_particle, ada.family_name) == ("Ada", "van der", "Berg")
    assert ada.membership == Person.Membership.CORE and ada.has_profile
    assert (ada.position, ada.affiliation) == ("Associate Professor", "Université de Montréal")
    titles = set(Publication.objects.values_list("title", flat=True))
    assert titles == {
        "Graph Neural Networks",
        "Causal Discovery with Sparse Mechanisms",
        "Deep Learning",
        "Sparse Mechanisms",
        "Attention Heads",
    }
    assert ada.authorships.count() == 5
    solo = Publication.objects.get(title="Attention Heads")
    assert list(solo.authorships.values_list("person__full_name", "position")) == [
        ("Ada van der Berg", None)
    ]
    assert "  line 29: 'Attention Heads' (read as title, confidence 0.53)" in report
    assert "Duplicates dropped: 1" in report


def test_another_page_repairs_sure_names_and_reports_doubtful_ones(db):
    report = run(OTHER)
    assert Person.objects.filter(full_name="Hans Müller").exists()
    assert Person.objects.filter(full_name="Ngugi wa Thiong'o").exists()
    assert '  Hans M"uller → Hans Müller (TeX accent rule)' in report
    assert "Doubtful lines (kept as printed): 1" in report
    assert "line 25: \"Ngugi wa Thiong'o\" (might be 'Ngugi wa Thiongó'; kept as printed)" in report
    causal = Publication.objects.get(title="Causal Discovery with Sparse Mechanisms")
    assert "matter in practice, including deep learning" in causal.abstract


def test_coauthors_match_across_imports_by_accents_initials_and_particles(seeded):
    report = run(OTHER)
    petar = Person.objects.get(full_name="Petar Veličković")
    causal = Publication.objects.get(title="Causal Discovery with Sparse Mechanisms")
    by_person = dict(causal.authorships.values_list("person__full_name", "name_as_printed"))
    assert by_person["Petar Veličković"] == "Petar Velickovic"
    assert by_person["Johannes Von Oswald"] == "J. von Oswald"
    assert by_person["Alexander Y. Ku"] == "A. Ku"
    assert "Petar Velickovic" in petar.name_variants.values_list("name", flat=True)
    assert "  J. von Oswald → Johannes Von Oswald" in report
    # A shared family name alone never merges two people.
    assert by_person["Sarah Chan"] == "Sarah Chan"
    assert Person.objects.filter(family_name="Chan").count() == 2
    assert Person.objects.filter(family_name="Schaul").count() == 2
    assert Person.objects.get(full_name="Tom Schaul").authorships.count() == 2


def test_an_initial_that_fits_two_people_creates_a_new_person_and_says_so(db, tmp_path):
    Person.objects.create(full_name="John Smith")
    Person.objects.create(full_name="Jane Smith")
    page = tmp_path / "page.txt"
    page.write_text(
        "Portrait of Eve Moreau\nEve Moreau\nResearch Topics\nPublications\n"
        "Matching Names Is Hard: a study\nJ. Smith\n"
    )
    report = run(page)
    assert Person.objects.filter(family_name="Smith").count() == 3
    assert "'J. Smith' (could be Jane Smith or John Smith; a new person was created)" in report


@pytest.mark.parametrize(
    ("line", "expect_title", "kind"),
    [
        ("Rif A. Saurous", False, "author"),
        ("James L McClelland", False, "author"),
        ("Blaise Aguera y Arcas", False, "author"),
        ("Petar Velivckovi 'c", False, "author"),
        ("Why do LLMs attend to the first token?", False, "title"),
        ("Plasticity as the Mirror of Empowerment", False, "title"),
        ("Attention Is All You Need", False, "title"),
        ("Michael Bowling", True, "title"),
        ("We show that " + "this works well in practice " * 5 + ".", False, "abstract"),
    ],
)
def test_lines_are_classified_by_their_shape(line, expect_title, kind):
    assert classify(line, expect_title=expect_title).kind == kind


def test_see_more_removal_inside_a_word_and_between_words():
    assert remove_see_more("trans… (see more)formers") == "transformers"
    assert remove_see_more("classification… (see more) tasks") == "classification tasks"
    assert remove_see_more("no marker here.") == "no marker here."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\n  \n", "the file is empty"),
        (b"Portrait of X\x00\x01\x02", "line 1: this is a binary file"),
        ("Portrait of Jérôme Roux\nJérôme\n".encode("latin-1"), "line 1: byte 0xe9 is not UTF-8"),
        (b"Razvan Pascanu\nPublications\n", "line 1: expected 'Portrait of NAME'"),
    ],
)
def test_bad_files_fail_with_a_clear_message_and_write_nothing(db, tmp_path, content, message):
    Person.objects.create(full_name="Already Here")
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert list(Person.objects.values_list("full_name", flat=True)) == ["Already Here"]


def test_a_50_mb_file_is_refused_before_it_is_read(db, tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as handle:
        handle.write(b"Portrait of Big File\n")
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(CommandError, match=r"the file is 50\.0 MB; the limit is 10 MB"):
        run(path)
    assert not Person.objects.exists()


def test_the_parser_is_pure_and_reads_the_header():
    parsed = parse_profile(SEED.read_text())
    assert parsed.owner.name == "Razvan Pascanu"
    assert parsed.owner.membership == "Affiliate Member"
    assert len(parsed.owner.topics) == 15
    assert len(parsed.publications) == 12  # duplicates are dropped later, by heal()


def test_a_stored_clean_spelling_repairs_a_name_in_a_later_import(seeded, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "Portrait of Tomasz Trzci'nski\nTomasz Trzci'nski\nResearch Topics\nPublications\n"
        "Message Passing on Graphs: a survey\nPetar Velivckovic\n",
        encoding="utf-16",
    )
    report = run(page)
    assert "  Petar Velivckovic → Petar Veličković (clean spelling in the data)" in report
    assert "  Tomasz Trzci'nski → Tomasz Trzciński (clean spelling in the data)" in report
    survey = Publication.objects.get(title="Message Passing on Graphs: a survey")
    assert set(survey.authorships.values_list("person__full_name", flat=True)) == {
        "Petar Veličković",
        "Tomasz Trzciński",
    }
    assert Person.objects.get(full_name="Tomasz Trzciński").has_profile
    assert Person.objects.filter(family_name="Veličković").count() == 1


def test_initials_and_particles_join_spellings_across_papers_of_one_page(db):
    report = run(DATA / "profile_de_la_cruz.txt")
    maria = Person.objects.get(full_name="María de la Cruz-Ortiz")
    assert (maria.given_name, maria.name_particle, maria.family_name) == (
        "María",
        "de la",
        "Cruz-Ortiz",
    )
    assert maria.membership == Person.Membership.PHD and maria.topics.count() == 0
    knuth = Person.objects.get(family_name="Knuth")
    assert set(knuth.name_variants.values_list("name", flat=True)) == {
        "Donald E. Knuth",
        "D. E. Knuth",
    }
    beethoven = Person.objects.get(family_name="Beethoven")
    assert beethoven.authorships.count() == 2
    assert Person.objects.get(family_name="Gogh").pk != beethoven.pk
    # A title that reads like a name is kept as a title, and flagged for a look.
    turing = Publication.objects.get(title="Alan Turing")
    assert not Person.objects.filter(full_name="Alan Turing").exists()
    assert turing.authorships.count() == 3
    assert "  line 13: 'Alan Turing' (read as title, confidence 0.25)" in report
    hilbert = Publication.objects.get(title__startswith="Julia Robinson")
    assert "with new proofs of two lemmas and" in hilbert.abstract


def test_the_command_exits_non_zero_with_the_message_on_stderr(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_profile", str(empty)],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"CommandError: {empty}: the file is empty." in result.stderr
    assert "Traceback" not in result.stderr


def test_a_second_import_sends_no_write_to_the_database(seeded):
    with CaptureQueriesContext(connection) as queries:
        run(SEED)
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert len(queries) < 40  # reads are batched: people, topics, publications, bylines


def test_a_second_abstract_paragraph_is_reported_not_taken_for_a_title(db, tmp_path):
    prose = "This paragraph goes on and on about the results of the study " * 4
    page = tmp_path / "page.txt"
    page.write_text(
        "Portrait of Eve Moreau\nEve Moreau\nPublications\n"
        f"Results on Things: a study\nAnn Lee\n{prose}.\n{prose}, again.\nNext Title: more\n"
    )
    report = run(page)
    assert list(Publication.objects.values_list("title", flat=True).order_by("id")) == [
        "Results on Things: a study",
        "Next Title: more",
    ]
    assert (
        "line 7: 'This paragraph goes on" in report and "a second abstract line; skipped" in report
    )


def test_a_name_like_title_is_known_as_a_title_wherever_the_entry_is_listed_again(db, tmp_path):
    abstract = "We study kernels in depth and show how they behave on real data sets " * 3
    page = tmp_path / "page.txt"
    page.write_text(
        "Portrait of Eve Moreau\nEve Moreau\nPublications\n"
        f"A Survey: of things\nAnn Lee\n{abstract}.\n"
        "Kernel Smith\nBob Stone\n"  # a title shaped like a name, where only a title fits
        "Other Work: a note\nCarl Diaz\n"
        "Kernel Smith\nBob Stone\n"  # the same entry again, now after an author line
    )
    report = run(page)
    assert sorted(Publication.objects.values_list("title", flat=True)) == [
        "A Survey: of things",
        "Kernel Smith",
        "Other Work: a note",
    ]
    assert not Person.objects.filter(full_name="Kernel Smith").exists()
    assert Person.objects.get(full_name="Carl Diaz").authorships.count() == 1
    assert "Duplicates dropped: 1" in report
    assert "line 7: 'Kernel Smith' (read as title, confidence 0.25)" in report
