"""/api/people/: the directory's filters and facet counts, the membership history
and the alumni flag."""

import datetime

import pytest
from django.urls import reverse

from profiles.models import MembershipPeriod, Person
from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db

FACET_KEYS = {"value", "label", "count", "chosen"}


@pytest.fixture
def people():
    graphs, logic = make_topic("Graphs"), make_topic("Logic")
    ada = make_person("Ada Lovelace", has_profile=True, membership="core", affiliation="Lab A")
    ada.topics.set([graphs, logic])
    alan = make_person("Alan Turing", has_profile=True, affiliation="Lab B")
    alan.membership_periods.create(
        membership="phd", start=datetime.date(2019, 9, 1), end=datetime.date(2023, 6, 30)
    )
    alan.sync_membership()
    alan.topics.set([logic])
    grace = make_person("Grace Hopper", has_profile=True, membership="phd", affiliation="Lab A")
    grace.topics.set([graphs])
    return {"ada": ada, "alan": alan, "grace": grace}


def people_list(client, **query):
    return client.get(reverse("api:person-list"), query)


def test_facets_come_in_a_block_of_choices_with_counts_when_asked(client, people):
    response = people_list(client, facets="membership,topic,affiliation,status", has_profile="true")
    assert response.status_code == 200
    facets = response.json()["facets"]
    assert set(facets) == {"membership", "topic", "affiliation", "status"}
    for choices in facets.values():
        assert all(set(choice) == FACET_KEYS for choice in choices)
    counts = {name: {c["value"]: c["count"] for c in choices} for name, choices in facets.items()}
    assert counts["membership"]["phd"] == 2 and counts["membership"]["core"] == 1
    assert counts["topic"] == {"graphs": 2, "logic": 2}
    assert counts["affiliation"] == {"Lab A": 2, "Lab B": 1}
    assert counts["status"] == {"current": 2, "alumni": 1}
    phd = next(c for c in facets["membership"] if c["value"] == "phd")
    assert phd == {"value": "phd", "label": "PhD Student", "count": 2, "chosen": False}


def test_a_facet_counts_with_the_other_filters_but_not_its_own(client, people):
    body = people_list(client, facets="membership,status", membership="phd", status="current")
    body = body.json()
    assert [person["slug"] for person in body["results"]] == ["grace-hopper"]
    membership = {c["value"]: (c["count"], c["chosen"]) for c in body["facets"]["membership"]}
    assert membership["phd"] == (1, True) and membership["core"] == (1, False)
    status = {c["value"]: c["count"] for c in body["facets"]["status"]}
    assert status == {"current": 1, "alumni": 1}  # among PhD students, any status


def test_no_facets_block_unless_asked(client, people):
    assert "facets" not in people_list(client).json()


def test_an_unknown_facet_or_filter_value_is_a_400_that_names_the_parameter(client, people):
    response = people_list(client, facets="membership,colour")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["parameter"] == "facets" and "colour" in error["detail"]
    for query in ({"status": "retired"}, {"topic": "not a slug"}, {"membership": "x"}):
        response = people_list(client, **query)
        assert response.status_code == 400, query
        assert response.json()["errors"][0]["parameter"] == next(iter(query))


def test_the_list_filters_by_status_affiliation_and_several_topics(client, people):
    def slugs(**query):
        return [person["slug"] for person in people_list(client, **query).json()["results"]]

    assert slugs(status="alumni") == ["alan-turing"]
    assert slugs(affiliation=["Lab A"]) == ["grace-hopper", "ada-lovelace"]
    assert slugs(topic=["graphs", "logic"]) == ["grace-hopper", "ada-lovelace", "alan-turing"]


def test_people_carry_the_alumni_flag_and_their_history(client, people):
    listed = {p["slug"]: p for p in people_list(client).json()["results"]}
    assert listed["alan-turing"]["alumni"] is True
    assert listed["alan-turing"]["membership_ended"] == "2023-06-30"
    assert listed["ada-lovelace"]["alumni"] is False
    detail = client.get(reverse("api:person-detail", args=["alan-turing"])).json()
    assert detail["memberships"] == [
        {
            "membership": "phd",
            "membership_label": "PhD Student",
            "position": "",
            "start": "2019-09-01",
            "end": "2023-06-30",
        }
    ]


def test_the_list_sorts_by_recent_activity(client, people):
    make_publication(authors=[people["alan"]], year=2024)
    make_publication(authors=[people["ada"]], year=2001)
    body = people_list(client, ordering="-last_active").json()
    assert [p["slug"] for p in body["results"]][:2] == ["alan-turing", "ada-lovelace"]


def test_an_editor_writes_the_history_and_the_membership_follows(token_client, people):
    url = reverse("api:person-detail", args=["grace-hopper"])
    etag = token_client.get(url)["ETag"]
    history = [
        {"membership": "phd", "start": "2018-01-01", "end": "2022-12-31"},
        {"membership": "postdoc", "position": "Fellow", "start": "2023-01-01", "end": None},
    ]
    response = token_client.patch(
        url, {"memberships": history}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["membership"] == "postdoc" and body["alumni"] is False
    assert [period["membership"] for period in body["memberships"]] == ["phd", "postdoc"]
    grace = Person.objects.get(slug="grace-hopper")
    assert grace.membership == "postdoc"
    assert MembershipPeriod.objects.filter(person=grace).count() == 2


def test_a_period_ending_before_it_starts_is_refused_with_nothing_written(token_client, people):
    url = reverse("api:person-detail", args=["grace-hopper"])
    etag = token_client.get(url)["ETag"]
    history = [{"membership": "phd", "start": "2023-01-01", "end": "2019-01-01"}]
    response = token_client.patch(
        url, {"memberships": history}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 422
    assert "#/memberships/0/end" in [error.get("pointer") for error in response.json()["errors"]]
    assert list(
        MembershipPeriod.objects.filter(person=people["grace"]).values_list("membership", "end")
    ) == [("phd", None)]


def test_the_schema_documents_the_facets_and_the_history(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    operation = schema["paths"]["/api/people/"]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert {"facets", "membership", "topic", "affiliation", "status"} <= parameters
    listed = schema["components"]["schemas"]["PaginatedPersonSummaryList"]["properties"]
    facets = listed["facets"]["properties"]
    assert set(facets) == {"membership", "topic", "affiliation", "status"}
    assert facets["membership"]["items"]["required"] == ["value", "label", "count", "chosen"]
    person = schema["components"]["schemas"]["Person"]["properties"]
    assert "memberships" in person and "alumni" in person
