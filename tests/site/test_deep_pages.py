"""Deep pages pick their ids first, then read those rows (core.paging, issue 15): they
must hold the same rows, in the same order, as the plain OFFSET query, in the API and
on the list page, in every order, ties included."""

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator
from django.urls import reverse

from core.paging import IDS_FIRST_FROM, IdsFirstPaginator
from profiles.models import Person
from publications.models import Authorship, Publication

pytestmark = pytest.mark.django_db

ROWS = IDS_FIRST_FROM + 130  # past the depth from which ids come first


@pytest.fixture
def many():
    cache.clear()  # the API throttle
    # Titles and years that repeat, so that the orderings have ties to break by id.
    Publication.objects.bulk_create(
        Publication(
            title=f"{'Zeta' if n % 3 else 'alpha'} study {n % 17}",
            slug=f"study-{n}",
            year=1990 + n % 7 if n % 11 else None,
        )
        for n in range(ROWS)
    )
    people = Person.objects.bulk_create(
        Person(full_name=f"Person {n}", sort_name=f"person {n % 40}", slug=f"person-{n}")
        for n in range(ROWS)
    )
    first = Publication.objects.order_by("pk").first()
    Authorship.objects.bulk_create(
        Authorship(publication=first, person=person, position=n + 1, name_as_printed="P")
        for n, person in enumerate(people[:5])
    )


def ids(page):
    return [row.pk for row in page.object_list]


@pytest.mark.parametrize(
    "ordering", [("-year", "title", "id"), ("title", "id"), ("-created", "-id"), ("slug", "id")]
)
def test_every_page_holds_the_rows_the_offset_query_gives(many, ordering):
    rows = Publication.objects.order_by(*ordering)
    plain, first = Paginator(rows, 100), IdsFirstPaginator(rows, 100)
    assert first.num_pages == plain.num_pages == -(-ROWS // 100)
    for number in plain.page_range:
        assert ids(first.page(number)) == ids(plain.page(number)), number


def test_a_deep_page_keeps_the_prefetches_and_the_orphans(many):
    rows = Publication.objects.with_bylines().order_by("-pk")
    plain = Paginator(rows, 100, orphans=40)
    first = IdsFirstPaginator(rows, 100, orphans=40)
    last = plain.num_pages
    assert ids(first.page(last)) == ids(plain.page(last))
    assert len(ids(first.page(last))) == ROWS - (last - 1) * 100
    oldest = list(IdsFirstPaginator(rows.order_by("pk"), 100).page(1).object_list)[0]
    assert [a.person.full_name for a in oldest.authorships.all()] == [
        f"Person {n}" for n in range(5)
    ]


@pytest.mark.parametrize(
    ("asked", "ordering"),
    [
        ({}, Publication._meta.ordering),
        ({"ordering": "title"}, ["title", "pk"]),
        ({"ordering": "-year"}, ["-year", "pk"]),
    ],
)
def test_deep_api_pages_of_publications(client, many, asked, ordering):
    expected = list(Publication.objects.order_by(*ordering).values_list("pk", flat=True))
    for page in (1, 11, 12):
        query = {**asked, "page": page, "page_size": 100}
        answer = client.get("/api/publications/", query).json()
        assert answer["count"] == ROWS
        got = [int(item["api_url"].rstrip("/").rsplit("/", 1)[1]) for item in answer["results"]]
        assert got == expected[(page - 1) * 100 : page * 100], page


@pytest.mark.parametrize("ordering", ["sort_name", "-publication_count", "publication_count"])
def test_deep_api_pages_of_people(client, many, ordering):
    expected = list(Person.objects.order_by(ordering, "pk").values_list("slug", flat=True))
    for page in (1, 11, 12):
        answer = client.get("/api/people/", {"ordering": ordering, "page": page, "page_size": 100})
        got = [person["slug"] for person in answer.json()["results"]]
        assert got == expected[(page - 1) * 100 : page * 100], page


def test_deep_list_pages_sorted_by_title(client, many):
    expected = list(Publication.objects.order_by("title", "pk").values_list("pk", "title"))
    expected.sort(key=lambda row: (row[1].lower(), row[0]))
    per_page = 25
    for page in (IDS_FIRST_FROM // per_page + 1, -(-ROWS // per_page)):
        response = client.get(reverse("publications:list"), {"sort": "title", "page": page})
        assert response.status_code == 200
        shown = response.content.decode()
        wanted = expected[(page - 1) * per_page : page * per_page]
        links = [f"/publications/{pk}/" for pk, _title in wanted]
        positions = [shown.index(link) for link in links]
        assert positions == sorted(positions), page
