"""Imports that bring a better spelling heal the stored person, and join people made twice."""

import io

from django.core.management import call_command

from profiles.models import NameVariant, Person, PersonRedirect, Topic
from publications.models import Publication


def run(command, path):
    out = io.StringIO()
    call_command(command, str(path), stdout=out)
    return out.getvalue()


def page(tmp_path, body, owner="Eve Moreau", topics=()):
    path = tmp_path / "page.txt"
    lines = [f"Portrait of {owner}", owner, "Research Topics", *topics, "Publications", *body]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bibtex(tmp_path, author, title="Clean Spellings Matter"):
    path = tmp_path / "refs.bib"
    path.write_text(
        f"@article{{a1, title={{{title}}}, author={{{author} and Eve Moreau}}, year={{2024}}}}\n",
        encoding="utf-8",
    )
    return path


def test_a_clean_bibtex_spelling_heals_the_person_a_scrape_stored_unaccented(db, tmp_path):
    run("import_profile", page(tmp_path, ["Graphs at Scale: a study", "Hans Muller"]))
    hans = Person.objects.get(full_name="Hans Muller")
    report = run("import_bibtex", bibtex(tmp_path, 'Hans M{\\"u}ller'))
    hans.refresh_from_db()
    assert hans.full_name == "Hans Müller"
    assert (hans.given_name, hans.family_name) == ("Hans", "Müller")
    assert Person.objects.filter(family_name__in=["Muller", "Müller"]).count() == 1
    assert {"Hans Muller", "Hans Müller"} <= set(hans.name_variants.values_list("name", flat=True))
    assert "  Hans Muller → Hans Müller" in report.splitlines()
    latest = hans.history.first()
    assert latest.history_change_reason == "A better-informed spelling came in an import"
    assert hans.authorships.count() == 2


def test_an_import_joins_people_an_earlier_import_made_of_one_spelled_two_ways(db, tmp_path):
    ascii_one = Person.objects.create(full_name="Tomasz Trzcinski")
    mangled = Person.objects.create(full_name="Tomasz Trzci'nski")  # stored before repair existed
    old_slug = mangled.slug
    report = run("import_bibtex", bibtex(tmp_path, "Tomasz Trzci{\\'n}ski"))
    assert list(Person.objects.filter(given_name="Tomasz").values_list("pk", "full_name")) == [
        (ascii_one.pk, "Tomasz Trzciński")
    ]
    assert PersonRedirect.objects.get(old_slug=old_slug).person_id == ascii_one.pk
    assert "  Tomasz Trzci'nski → Tomasz Trzcinski" in report.splitlines()
    assert "  Tomasz Trzcinski → Tomasz Trzciński" in report.splitlines()
    names = set(NameVariant.objects.filter(person=ascii_one).values_list("name", flat=True))
    assert {"Tomasz Trzcinski", "Tomasz Trzci'nski", "Tomasz Trzciński"} <= names
    merged = Person.history.filter(id=mangled.pk, history_type="-").get()
    assert merged.history_change_reason.startswith("Merged Tomasz Trzci'nski")
    paper = Publication.objects.get(title="Clean Spellings Matter")
    assert paper.authorships.filter(person=ascii_one).exists()


def test_an_initial_joins_the_one_person_it_fits_and_no_other(db, tmp_path):
    run("import_profile", page(tmp_path, ["Graphs at Scale: a study", "Ana Silva", "Rui Silva"]))
    run("import_profile", page(tmp_path, ["Trees at Scale: a study", "A. Silva"]))
    assert set(Person.objects.filter(family_name="Silva").values_list("full_name", flat=True)) == {
        "Ana Silva",
        "Rui Silva",
    }
    assert Person.objects.get(full_name="Ana Silva").authorships.count() == 2


def test_a_reimport_after_healing_changes_nothing(db, tmp_path):
    run("import_profile", page(tmp_path, ["Graphs at Scale: a study", "Hans Muller"]))
    path = bibtex(tmp_path, 'Hans M{\\"u}ller')
    run("import_bibtex", path)
    before = (Person.history.count(), NameVariant.objects.count(), Person.objects.count())
    report = run("import_bibtex", path)
    assert (Person.history.count(), NameVariant.objects.count(), Person.objects.count()) == before
    assert "People renamed to a better spelling: 0" in report


def test_topics_match_whatever_their_case_and_spacing(db, tmp_path):
    Topic.objects.create(name="Deep Learning")
    run("import_profile", page(tmp_path, ["A Study: of things"], topics=["deep  learning"]))
    run("import_profile", page(tmp_path, ["A Study: of things"], topics=["DeepLearning"]))
    assert list(Topic.objects.values_list("name", flat=True)) == ["Deep Learning"]
    assert Person.objects.get(full_name="Eve Moreau").topics.count() == 1


def test_a_spelling_two_people_with_profiles_share_goes_to_a_stub_for_an_editor(db, tmp_path):
    first = Person.objects.create(full_name="Jose Garcia", has_profile=True)
    second = Person.objects.create(
        full_name="José García", has_profile=True, orcid="0000-0002-1825-0097"
    )
    report = run("import_bibtex", bibtex(tmp_path, "Jose Garc{\\'i}a"))
    assert not PersonRedirect.objects.exists()
    assert set(Person.objects.filter(has_profile=True).values_list("full_name", flat=True)) == {
        "Jose Garcia",
        "José García",
    }
    paper = Publication.objects.get(title="Clean Spellings Matter")
    stub = paper.authorships.exclude(name_as_printed="Eve Moreau").get().person
    assert stub.pk not in (first.pk, second.pk) and not stub.has_profile
    assert "could be Jose Garcia or José García; a new person was created" in report
    run("import_bibtex", bibtex(tmp_path, "Jose Garc{\\'i}a", title="A Second Paper"))
    again = Publication.objects.get(title="A Second Paper")
    assert again.authorships.exclude(name_as_printed="Eve Moreau").get().person == stub


def test_the_one_of_two_people_spelled_exactly_so_gets_the_byline(db, tmp_path):
    Person.objects.create(full_name="Jose Garcia", has_profile=True)
    accented = Person.objects.create(full_name="José García", has_profile=True)
    report = run("import_bibtex", bibtex(tmp_path, "Jos{\\'e} Garc{\\'i}a"))
    paper = Publication.objects.get(title="Clean Spellings Matter")
    assert list(
        paper.authorships.exclude(name_as_printed="Eve Moreau").values_list("person", flat=True)
    ) == [accented.pk]
    assert Person.objects.filter(has_profile=True).count() == 2
    assert "could also be" not in report


def test_a_stub_spelled_like_a_person_with_a_profile_is_merged_into_that_person(db, tmp_path):
    stub = Person.objects.create(full_name="Hans Muller")
    profiled = Person.objects.create(
        full_name="Hans Müller", has_profile=True, position="Professor"
    )
    run("import_bibtex", bibtex(tmp_path, "Hans Muller"))
    assert not Person.objects.filter(pk=stub.pk).exists()
    profiled.refresh_from_db()
    assert (profiled.full_name, profiled.position, profiled.has_profile) == (
        "Hans Müller",
        "Professor",
        True,
    )
    assert PersonRedirect.objects.get(old_slug=stub.slug).person_id == profiled.pk


def test_a_person_merged_away_by_a_later_author_of_the_same_entry_is_not_left_on_its_byline(
    db, tmp_path
):
    profiled = Person.objects.create(full_name="José García", has_profile=True)
    stub = Person.objects.create(full_name="Jose Garcia")
    title = "Two Spellings, One Byline"
    run("import_bibtex", bibtex(tmp_path, "J. Garcia and Jos{\\'e} Garc{\\'i}a", title=title))
    assert not Person.objects.filter(pk=stub.pk).exists()
    paper = Publication.objects.get(title="Two Spellings, One Byline")
    assert list(
        paper.authorships.order_by("position").values_list("person__full_name", flat=True)
    ) == [
        profiled.full_name,
        "Eve Moreau",
    ]


def test_a_stored_byline_whose_person_an_import_merges_is_reordered_not_restored(db, tmp_path):
    profiled = Person.objects.create(full_name="Jae Clarke", has_profile=True)
    stub = Person.objects.create(full_name="Jae Clarke")
    paper = Publication.objects.create(title="Clean Spellings Matter", year=2024)
    paper.authorships.create(person=stub, position=1, name_as_printed="Jae Clarke")
    run("import_bibtex", bibtex(tmp_path, "Jae Clarke"))
    assert not Person.objects.filter(pk=stub.pk).exists()
    assert list(
        paper.authorships.order_by("position").values_list("person__full_name", "position")
    ) == [
        (profiled.full_name, 1),
        ("Eve Moreau", 2),
    ]
