"""A page's queries can see different moments: a write that commits between them
(here run right after the page's first query, as another visitor's would) must not
break the answer."""

import pytest
from django.db import connection

from tests.factories import make_person, make_publication

pytestmark = pytest.mark.django_db


class WriteAfterFirstRead:
    """Runs `write` once, just after the first SELECT of publications completes."""

    def __init__(self, write):
        self.write, self.done = write, False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if (
            not self.done
            and sql.lstrip().startswith("SELECT")
            and "publications_publication" in sql
        ):
            self.done = True
            self.write()
        return result


@pytest.mark.parametrize("page", ["profile", "person API"])
def test_a_person_read_while_a_publication_of_the_person_is_added(client, page):
    ada = make_person("Ada Lovelace", has_profile=True)
    make_publication("First notes", authors=[ada], year=2020)
    url = ada.get_absolute_url() if page == "profile" else f"/api/people/{ada.slug}/"
    # Kept pages would hide the race: each read must reach the database.
    writer = WriteAfterFirstRead(
        lambda: make_publication("Added meanwhile", authors=[ada], year=2021)
    )
    with connection.execute_wrapper(writer):
        response = client.get(url)
    assert writer.done
    assert response.status_code == 200
    assert "First notes" in response.text
    assert "Added meanwhile" in client.get(url).text
