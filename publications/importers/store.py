"""Write parsed import data into the database, in one transaction."""

from dataclasses import dataclass, field

from django.db import transaction

from profiles.models import NameVariant, Person, Topic
from profiles.names import match_key
from publications.models import Authorship, Publication


@dataclass
class ImportReport:
    people_created: list[str] = field(default_factory=list)
    publications_created: list[str] = field(default_factory=list)
    publications_matched: list[str] = field(default_factory=list)

    def lines(self):
        yield f"People created: {len(self.people_created)}"
        yield f"Publications created: {len(self.publications_created)}"
        yield f"Publications matched: {len(self.publications_matched)}"


MEMBERSHIP_BY_LABEL = {label.casefold(): value for value, label in Person.Membership.choices}


def _person_for_name(name, report):
    key = match_key(name)
    person = (
        Person.objects.filter(name_variants__key=key).first()
        or Person.objects.filter(full_name=name).first()
    )
    if person is None:
        person = Person.objects.create(full_name=name)
        NameVariant.objects.create(person=person, name=name)
        report.people_created.append(name)
    return person


@transaction.atomic
def import_profile(profile):
    """Write a ParsedProfile: the person, topics, publications and bylines."""
    report = ImportReport()
    owner = _person_for_name(profile.name, report)
    owner.has_profile = True
    owner.membership = MEMBERSHIP_BY_LABEL.get(profile.membership.casefold(), owner.membership)
    owner.position = profile.position or owner.position
    owner.affiliation = profile.affiliation or owner.affiliation
    owner.save()
    for topic_name in profile.topics:
        topic = Topic.objects.filter(name__iexact=topic_name).first() or Topic.objects.create(
            name=topic_name
        )
        owner.topics.add(topic)
    for parsed in profile.publications:
        publication = Publication.objects.filter(title__iexact=parsed.title).first()
        if publication:
            report.publications_matched.append(parsed.title)
            continue
        publication = Publication.objects.create(title=parsed.title, abstract=parsed.abstract)
        report.publications_created.append(parsed.title)
        for position, name in enumerate(parsed.authors, start=1):
            person = _person_for_name(name, report)
            Authorship.objects.get_or_create(
                publication=publication,
                person=person,
                defaults={"position": position, "name_as_printed": name},
            )
        Authorship.objects.get_or_create(publication=publication, person=owner)
    return report
