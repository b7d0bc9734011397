"""works_from_rows, the value-row reading of long export lists, gives works_for's Works."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from publications.citations import citation_queryset, works_for, works_from_rows
from publications.models import Authorship, Publication
from tests.factories import make_person, make_publication, make_topic
from tests.support.citation_helpers import accented_publication, many_publications

pytestmark = pytest.mark.django_db


def test_rows_give_the_same_works_as_prefetched_instances(django_assert_num_queries):
    accented_publication()
    many_publications(3)
    oswald = make_person("Johannes von Oswald")
    printed = make_publication("Ωμέγα", authors=[oswald])  # no slug, no year, no topics
    printed.authorships.update(name_as_printed="J. von Oswald")
    unplaced = make_publication("Notes on the Engine", year=1843)
    Authorship.objects.create(publication=unplaced, person=oswald, position=None)
    Authorship.objects.create(publication=unplaced, person=make_person("Ada Lovelace"), position=1)
    unplaced.topics.add(make_topic("zeta"), make_topic("Alpha"))
    queryset = Publication.objects.newest_first()
    request = RequestFactory().get("/people/x/publications.bib")

    with django_assert_num_queries(4):  # the count it is bounded by, then three reads
        works = works_from_rows(queryset, request=request)

    assert works == works_for(citation_queryset(queryset), request=request)
    assert works_from_rows(queryset) == works_for(citation_queryset(queryset))
    assert len(works) == 6
    [engine] = [work for work in works if work.title == "Notes on the Engine"]
    assert [name.family for name in engine.authors] == ["Lovelace", "Oswald"]
    assert engine.topics == ("Alpha", "zeta")


def test_an_edit_shows_in_the_next_export_though_entries_are_kept(client):
    person = many_publications(3)
    url = reverse("publications:person-export", args=[person.slug, "bib"])
    before = client.get(url).content.decode()
    publication = person.authorships.first().publication
    publication.title = "A Renamed Paper"
    publication.save()
    byline = publication.authorships.exclude(person=person).first()
    byline.name_as_printed = "Q. Zyxwvut"
    byline.save()

    after = client.get(url).content.decode()

    assert after != before
    assert "title = {A Renamed Paper}" in after
    assert "Zyxwvut" in after and "Zyxwvut" not in before
    assert after.count("@") == before.count("@") == 3
