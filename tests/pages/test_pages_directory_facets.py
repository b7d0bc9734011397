"""The directory's facets: each choice counts what the list would hold with it added,
given the other filters; alumni are told apart; sorting by recent activity."""

import datetime
import itertools

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from profiles.models import Person
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db

MEMBERSHIPS = ["phd", "postdoc", "core"]
AFFILIATIONS = ["Engine Lab", "Loom Institute"]


@pytest.fixture
def institute():
    """Twelve members across memberships, topics and affiliations; some alumni."""
    topics = [make_topic("Graphs"), make_topic("Vision"), make_topic("Logic")]
    for n in range(12):
        person = make_person(
            f"Member Number{n:02d}",
            has_profile=True,
            membership=MEMBERSHIPS[n % 3],
            affiliation=AFFILIATIONS[n % 2],
        )
        person.topics.set(topics[: n % 3 + 1] if n % 4 else topics[2:])
        if n % 5 == 0:
            period = person.membership_periods.get()
            period.end = datetime.date(2020, 1, 1)
            period.save()
            person.sync_membership()
    make_person("Outside Coauthor", membership="phd")  # no profile: never counted
    return topics


def soup_of(client, query):
    response = client.get(reverse("profiles:directory"), query)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def found(soup):
    return int(soup.select_one(".result-count").get_text().split()[0])


def facet_choices(soup, name):
    """{value: count} of a facet as the page shows it."""
    choices = {}
    for item in soup.select(f"fieldset.facet-{name} li"):
        box = item.select_one("input")
        count = item.select_one(".facet-count")
        if count is not None:
            choices[box["value"]] = int(count.get_text().strip("()"))
    return choices


QUERIES = [
    {},
    {"membership": "phd"},
    {"membership": ["phd", "core"], "status": "current"},
    {"topic": "graphs"},
    {"topic": ["graphs", "vision"], "affiliation": "Engine Lab"},
    {"status": "alumni"},
    {"q": "Number0", "membership": "postdoc"},
]


@pytest.mark.parametrize("query", QUERIES)
def test_each_count_is_the_size_of_the_list_with_that_choice_given_the_other_filters(
    client, institute, query
):
    # Choices of one facet are alternatives (any of them), so a choice's count is the
    # list with that choice alone in its facet and every other filter as it is.
    soup = soup_of(client, query)
    for name in ("membership", "topic", "affiliation", "status"):
        for value, count in facet_choices(soup, name).items():
            assert count == found(soup_of(client, {**query, name: value})), (query, name, value)


def test_counts_match_the_data_without_filters(client, institute):
    soup = soup_of(client, {})
    members = Person.objects.with_profile()
    assert facet_choices(soup, "membership") == {
        value: members.filter(membership=value).count() for value in MEMBERSHIPS
    }
    assert facet_choices(soup, "status") == {"current": 9, "alumni": 3}
    assert facet_choices(soup, "affiliation") == {"Engine Lab": 6, "Loom Institute": 6}


def test_a_facet_ignores_its_own_filter_but_follows_the_others(client, institute):
    soup = soup_of(client, {"membership": "phd", "affiliation": "Engine Lab"})
    # membership counts: every membership, among Engine Lab people
    assert facet_choices(soup, "membership") == {"phd": 2, "postdoc": 2, "core": 2}
    # affiliation counts: among PhD students only
    assert facet_choices(soup, "affiliation") == {"Engine Lab": 2, "Loom Institute": 2}
    assert found(soup) == 2


def test_alumni_and_current_members_are_told_apart(client, institute):
    alumni = soup_of(client, {"status": "alumni"})
    names = [a.get_text() for a in alumni.select(".person-card .card-title a")]
    assert names == ["Member Number00", "Member Number05", "Member Number10"]
    memberships = [p.get_text() for p in alumni.select(".person-card .membership")]
    assert memberships == [
        "Former PhD Student, until 2020",
        "Former Core Academic Member, until 2020",
        "Former Postdoctoral Researcher, until 2020",
    ]
    current = soup_of(client, {"status": "current"})
    assert found(current) == 9
    assert "Former" not in current.select_one(".cards").get_text()


def test_sorting_by_recent_activity_puts_the_latest_publications_first(client):
    old = make_person("Aaron Early", has_profile=True)
    new = make_person("Zoe Recent", has_profile=True)
    make_person("Mia Quiet", has_profile=True)
    make_publication(authors=[old], year=2001)
    make_publication(authors=[old, new], year=2010)
    make_publication(authors=[new], year=2024)
    by_name = soup_of(client, {})
    by_activity = soup_of(client, {"sort": "activity"})
    names = [a.get_text() for a in by_activity.select(".person-card .card-title a")]
    assert names == ["Zoe Recent", "Aaron Early", "Mia Quiet"]  # no publications: last
    assert [a.get_text() for a in by_name.select(".person-card .card-title a")] == [
        "Aaron Early",
        "Mia Quiet",
        "Zoe Recent",
    ]


def test_active_filters_are_listed_each_with_a_link_that_drops_it(client, institute):
    soup = soup_of(client, {"membership": ["phd", "core"], "topic": "logic", "page": "1"})
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".active-filters a")}
    directory = reverse("profiles:directory")
    assert links["Clear all filters"] == directory
    drop_phd = links["Membership: PhD Student (remove this filter) ×"]
    assert drop_phd == f"{directory}?membership=core&topic=logic"
    assert (
        links["Topic: Logic (remove this filter) ×"]
        == f"{directory}?membership=phd&membership=core"
    )
    checked = [box["value"] for box in soup.select("fieldset.facet-membership input:checked")]
    assert checked == ["core", "phd"] or sorted(checked) == ["core", "phd"]


def test_facet_choices_are_labelled_fieldsets_whose_labels_read_the_count(client, institute):
    soup = soup_of(client, {})
    legends = [fieldset.legend.get_text() for fieldset in soup.select("fieldset.facet")]
    assert legends == ["Membership", "Current or former", "Topic", "Affiliation"]
    box = soup.select_one("fieldset.facet-membership input[value=phd]")
    label = soup.select_one(f"label[for={box['id']}]").get_text(" ", strip=True)
    assert label == "PhD Student (4)"
    assert soup.select_one("fieldset.facet-status input[value='']").has_attr("checked")


def test_a_bad_value_is_marked_on_its_fieldset_and_the_rest_still_filters(client, institute):
    soup = soup_of(client, {"membership": "emperor", "topic": "no-such-topic", "status": "x"})
    invalid = [f["class"][1] for f in soup.select("fieldset.field-invalid")]
    assert invalid == ["facet-membership", "facet-status", "facet-topic"]
    for fieldset in soup.select("fieldset.field-invalid"):
        error = fieldset.select_one(".field-error")
        assert fieldset["aria-describedby"] == error["id"]
    assert found(soup) == 12


@pytest.mark.parametrize("combo", list(itertools.combinations(["phd", "postdoc", "core"], 2)))
def test_several_memberships_select_any_of_them(client, institute, combo):
    soup = soup_of(client, {"membership": list(combo)})
    assert found(soup) == Person.objects.with_profile().filter(membership__in=combo).count()


@pytest.mark.postgres
@pytest.mark.usefixtures("fragment_cache")
def test_the_kept_directory_shows_a_membership_change_at_once(client, institute):
    def visit():
        with CaptureQueriesContext(connection) as queries:
            soup = soup_of(client, {"status": "alumni"})
        return found(soup), facet_choices(soup, "status"), len(queries)

    first, again = visit(), visit()
    assert again[:2] == first[:2] and again[2] < first[2]
    person = Person.objects.current_members().with_profile().first()
    period = person.membership_periods.get()
    period.end = datetime.date(2021, 1, 1)
    period.save()  # the history's own table bumps the content version
    person.sync_membership()
    after = visit()
    assert after[0] == first[0] + 1
    assert after[1] == {"current": 8, "alumni": 4}


@pytest.mark.postgres
@pytest.mark.usefixtures("fragment_cache")
def test_the_kept_facets_carry_the_errors_of_their_own_request_only(client, institute):
    # The bad values select the same people as no value: the facets are kept apart anyway.
    plain = soup_of(client, {})
    refused = soup_of(client, {"membership": "emperor", "status": "x"})
    other = soup_of(client, {"membership": "king", "status": "x"})
    again = soup_of(client, {})
    assert not plain.select("fieldset.field-invalid") and not again.select(".field-error")
    invalid = [f["class"][1] for f in refused.select("fieldset.field-invalid")]
    assert invalid == ["facet-membership", "facet-status"]
    assert "emperor" in refused.select_one("fieldset.facet-membership .field-error").get_text()
    assert "king" in other.select_one("fieldset.facet-membership .field-error").get_text()
    assert not refused.select_one("fieldset.facet-status input[value='']").has_attr("checked")
    assert plain.select_one("fieldset.facet-status input[value='']").has_attr("checked")
    assert facet_choices(refused, "membership") == facet_choices(plain, "membership")
