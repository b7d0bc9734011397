"""Factories: small functions that make real rows of the models."""

import itertools

from profiles.models import Person, Topic
from publications.models import Authorship, Publication

_numbers = itertools.count(1)


def make_topic(name=None, **fields):
    return Topic.objects.create(name=name or f"Topic {next(_numbers)}", **fields)


def make_person(full_name=None, **fields):
    return Person.objects.create(full_name=full_name or f"Person Number{next(_numbers)}", **fields)


def make_publication(title=None, authors=(), **fields):
    """A publication whose byline is `authors` (Persons) in order."""
    publication = Publication.objects.create(
        title=title or f"A study of things, part {next(_numbers)}", **fields
    )
    Authorship.objects.bulk_create(
        Authorship(
            publication=publication,
            person=person,
            position=position,
            name_as_printed=person.full_name,
        )
        for position, person in enumerate(authors, start=1)
    )
    return publication
