"""Data for the page tests: a small institute, and the same shape at any size."""

from profiles.models import Person
from publications.models import Authorship, Publication
from publications.synthetic.generator import Generator
from tests.factories import make_person, make_publication, make_topic


def small_institute():
    """Two profile holders, one outside co-author, three publications, two topics."""
    learning = make_topic("Machine Learning", description="Learning from data.")
    graphs = make_topic("Graph Neural Networks")
    ada = make_person(
        "Ada Lovelace",
        has_profile=True,
        membership=Person.Membership.CORE,
        position="Professor",
        affiliation="Analytical Engine Lab",
        homepage="https://ada.example.org/",
        orcid="0000-0002-1825-0097",
        github="ada-lovelace",
    )
    ada.topics.set([learning, graphs])
    grace = make_person("Grace Hopper", has_profile=True, membership=Person.Membership.POSTDOC)
    grace.topics.set([learning])
    outsider = make_person("Charles Babbage")
    old = make_publication(
        "Notes on the Analytical Engine",
        authors=[ada, outsider],
        year=2019,
        kind=Publication.Kind.ARTICLE,
        venue="Scientific Memoirs",
        doi="10.1000/engine.1843",
    )
    new = make_publication(
        "Compilers for everyone",
        authors=[grace, ada, outsider],
        year=2024,
        kind=Publication.Kind.CONFERENCE,
        abstract="We show that <script>alert('x')</script> & friends stay text.",
        arxiv_id="2506.05233",
    )
    undated = make_publication("An undated note", authors=[ada], kind=Publication.Kind.PREPRINT)
    new.topics.set([learning])
    old.topics.set([graphs])
    return {
        "ada": ada,
        "grace": grace,
        "outsider": outsider,
        "learning": learning,
        "graphs": graphs,
        "old": old,
        "new": new,
        "undated": undated,
    }


def prolific_person(publications, *, coauthors=40):
    """A profile holder with `publications` papers, each shared with two of `coauthors`."""
    topic = make_topic()
    person = make_person(has_profile=True, membership=Person.Membership.CORE)
    person.topics.set([topic])
    pool = [make_person(has_profile=n % 2 == 0) for n in range(coauthors)]
    papers = Publication.objects.bulk_create(
        Publication(
            title=f"Paper {n}", slug=f"paper-{n}", year=2000 + n % 25, abstract=f"About {n}."
        )
        for n in range(publications)
    )
    Authorship.objects.bulk_create(
        Authorship(publication=paper, person=author, position=position)
        for n, paper in enumerate(papers)
        for position, author in enumerate(
            [person, pool[n % coauthors], pool[(n + 1) % coauthors]], start=1
        )
    )
    Publication.topics.through.objects.bulk_create(
        Publication.topics.through(publication=paper, topic=topic) for paper in papers
    )
    return person, topic, papers


def institute_of(size, *, name="Shared topic"):
    """`size` profile holders, topics and publications, all under one shared topic."""
    shared = make_topic(name)
    people, topics = [], []
    for _ in range(size):
        person = make_person(has_profile=True, membership=Person.Membership.PHD)
        topics.append(make_topic())
        person.topics.set([shared, topics[-1]])
        people.append(person)
    for n, person in enumerate(people):
        paper = make_publication(
            authors=[person, people[(n + 1) % size]] if size > 1 else [person],
            year=2000 + n % 25,
            kind=Publication.Kind.ARTICLE,
            abstract="Text.",
        )
        paper.topics.set([shared, topics[n]])
    return shared


def benchmark_person(publications=500, *, coauthors=80, seed=1):
    """A profile holder with `publications` papers shaped like the benchmark's (titles,
    abstracts, venues, years and byline lengths from its generator), bulk-created."""
    generator = Generator(seed=seed)
    topic = make_topic()
    person = make_person(has_profile=True, membership=Person.Membership.CORE)
    person.topics.set([topic])
    pool = [make_person(has_profile=n % 2 == 0) for n in range(coauthors)]
    papers = Publication.objects.bulk_create(
        Publication(**_benchmark_fields(generator.publication(n, [topic.name])))
        for n in range(publications)
    )
    credits = []
    for paper in papers:
        byline = generator.random.sample(pool, min(generator.author_count(), coauthors))
        byline[generator.random.randrange(len(byline))] = person
        credits += [
            Authorship(publication=paper, person=author, position=position)
            for position, author in enumerate(byline, start=1)
        ]
    Authorship.objects.bulk_create(credits)
    return person, papers


def _benchmark_fields(row):
    # Identifiers left out: other test data may hold the generator's.
    fields = ("title", "slug", "abstract", "year", "date", "venue", "kind")
    return {name: row[name] for name in fields}
