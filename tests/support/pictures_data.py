"""Known data for the pictures: a few members and an outside co-author whose
publications, years and collaborations are counted by hand in the tests."""

import random

from profiles.models import Person
from publications.models import Authorship, Publication
from tests.factories import make_person, make_publication, make_topic


def picture_institute():
    """Ada (core), Grace (postdoc), Alan (PhD), outside Charles, six publications.

    Ada's years: 2019: 1, 2021: 2, 2024: 1 and one undated. Her co-authors: Grace 3,
    Charles 2, Alan 1; among them Grace and Charles share one, Grace and Alan one.
    The topic Graphs: 2021: 1, 2022: 1, 2024: 1; Grace 3, Ada 2, Alan 2.
    Members' collaborations: Ada and Grace 3, Grace and Alan 2, Ada and Alan 1.
    """
    graphs = make_topic("Graphs")
    ada = make_person("Ada Lovelace", has_profile=True, membership=Person.Membership.CORE)
    grace = make_person("Grace Hopper", has_profile=True, membership=Person.Membership.POSTDOC)
    alan = make_person("Alan Turing", has_profile=True, membership=Person.Membership.PHD)
    charles = make_person("Charles <b>Babbage</b> & Co")
    make_publication("Engines", authors=[ada, charles], year=2019)
    on_graphs = [
        make_publication("Graphs one", authors=[ada, grace], year=2021),
        make_publication("Graphs two", authors=[grace, alan], year=2022),
        make_publication("Graphs three", authors=[ada, alan, grace], year=2024),
    ]
    make_publication("Compilers", authors=[grace, ada, charles], year=2021)
    make_publication("An undated note", authors=[ada])
    for paper in on_graphs:
        paper.topics.add(graphs)
    return {"ada": ada, "grace": grace, "alan": alan, "charles": charles, "graphs": graphs}


GROUPS = list(Person.Membership.values)
FAMILY = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Novak",
    "Haddad",
    "Ferreira",
    "Kowalski",
    "Nguyen",
    "Schmidt",
]
GIVEN = [
    "Amara",
    "Björn",
    "Chloé",
    "Daichi",
    "Elena",
    "Farid",
    "Gabriela",
    "Hana",
    "Ivan",
    "Julia",
    "Kemal",
    "Lucía",
]


def busy_institute(members=30, publications=300, *, seed=7):
    """`members` members of every group and some outside co-authors writing `publications`
    papers in small teams under one topic, with more papers in later years: for the
    look of the pictures and for query counts at size."""
    rng = random.Random(seed)
    topic = make_topic("Network science")
    people = [
        make_person(
            f"{GIVEN[n % len(GIVEN)]} {FAMILY[(n * 7) % len(FAMILY)]}-{n}",
            has_profile=True,
            membership=GROUPS[n % len(GROUPS)],
        )
        for n in range(members)
    ]
    outside = [make_person(f"Outside Author{n}") for n in range(members // 3)]
    papers = Publication.objects.bulk_create(
        Publication(
            title=f"Paper {n}", slug=f"paper-{n}", year=2010 + int(15 * rng.random() ** 0.6)
        )
        for n in range(publications)
    )
    bylines = []
    for paper in papers:
        lead = rng.randrange(members)
        # Mostly within a lab of six, now and then across labs.
        lab = lead - lead % 6
        team = {
            lead,
            *(
                min(members - 1, lab + rng.randrange(6))
                if rng.random() < 0.8
                else rng.randrange(members)
                for _ in range(2)
            ),
        }
        authors = [people[n] for n in sorted(team)]
        if rng.random() < 0.4:
            authors.append(rng.choice(outside))
        bylines += [
            Authorship(publication=paper, person=person, position=position)
            for position, person in enumerate(authors, start=1)
        ]
    Authorship.objects.bulk_create(bylines)
    Publication.topics.through.objects.bulk_create(
        Publication.topics.through(publication=paper, topic=topic) for paper in papers
    )
    return {"people": people, "topic": topic}
