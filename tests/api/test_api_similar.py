"""The person detail lists similar researchers as the profile does, with the counts."""

import pytest
from django.urls import reverse

from tests.factories import make_person, make_publication, make_topic

pytestmark = pytest.mark.django_db


def test_the_person_detail_lists_similar_researchers_with_their_counts(client):
    topics = [make_topic("Optics"), make_topic("Lasers")]
    me = make_person("Marie Curie", has_profile=True)
    me.topics.set(topics)
    outsider = make_person("Outside Author")
    make_publication("Radiant optics", authors=[me, outsider])
    near = make_person("Pierre Curie", has_profile=True)
    near.topics.set(topics)
    make_publication("Crystal growth", authors=[near, outsider])
    far = make_person("Irene Joliot", has_profile=True)
    far.topics.set(topics[:1])

    body = client.get(reverse("api:person-detail", args=[me.slug])).json()

    assert body["similar"] == [
        {
            "slug": near.slug,
            "full_name": "Pierre Curie",
            "url": f"http://testserver{near.get_absolute_url()}",
            "shared": {"topics": 2, "coauthors": 1, "texts": 0},
            "reason": "2 shared topics, 1 shared co-author",
        },
        {
            "slug": far.slug,
            "full_name": "Irene Joliot",
            "url": f"http://testserver{far.get_absolute_url()}",
            "shared": {"topics": 1, "coauthors": 0, "texts": 0},
            "reason": "1 shared topic",
        },
    ]


def test_the_schema_documents_similar(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    person = schema["components"]["schemas"]["Person"]  # the full profile
    assert "similar" in person["properties"]
    assert "SimilarResearcher" in schema["components"]["schemas"]
