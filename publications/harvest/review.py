"""Turn harvested records into suggestions, and confirm or reject them.

Suggesting reads and writes only the suggestion table; confirming writes the work
through the importers' store (healing, matching, de-duplication as for any import).
"""

import dataclasses
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from profiles.models import Person
from profiles.names import match_key, same_person
from publications.harvest.models import HarvestRun, Suggestion
from publications.importers.common import ParsedAuthor, ParsedImport, ParsedPublication
from publications.importers.healing import heal, publication_key
from publications.importers.store import stored_spellings, write_import
from publications.models import Authorship, Publication


def to_json(record):
    data = dataclasses.asdict(record)
    data["date"] = record.date.isoformat() if record.date else None
    return data


def from_json(data):
    data = dict(data)
    data["authors"] = [ParsedAuthor(**author) for author in data["authors"]]
    data["date"] = datetime.date.fromisoformat(data["date"]) if data["date"] else None
    return ParsedPublication(**data)


def _keys(item):
    return set(publication_key(item))


def _spellings(person):
    return [person.full_name, *(variant.name for variant in person.name_variants.all())]


def _is_person(author, person, spellings):
    if person.orcid and author.orcid == person.orcid:
        return True
    return any(
        match_key(author.name) == match_key(name) or same_person(author.name, name)
        for name in spellings
    )


def suggest(person, source, records):
    """Suggestions for the records not on the person's profile nor decided before;
    returns (created suggestions, how many were already on the profile or decided)."""
    parsed = heal(ParsedImport(source=source, publications=list(records)))
    known = set()
    for publication in Publication.objects.filter(authorships__person=person):
        known |= _keys(publication)
    for suggestion in Suggestion.objects.filter(person=person).only(
        "title", "year", "doi", "arxiv_id"
    ):
        known |= _keys(suggestion)
    created, skipped = [], 0
    for record in parsed.publications:
        keys = _keys(record)
        if keys & known:
            skipped += 1
            continue
        known |= keys
        confident = bool(person.orcid) and any(a.orcid == person.orcid for a in record.authors)
        created.append(
            Suggestion.objects.create(
                person=person,
                source=source,
                title=record.title,
                year=record.year,
                venue=record.venue,
                doi=record.doi,
                arxiv_id=record.arxiv_id,
                title_key=match_key(record.title)[:500],
                authors="; ".join(author.name for author in record.authors)[:5000],
                record=to_json(record),
                confident=confident,
            )
        )
    if settings.HARVEST_PUBLISH_CONFIDENT:
        for suggestion in created:
            if suggestion.confident:
                confirm(suggestion, user=None)
    return created, skipped


def record_run(person, source, *, found=0, suggested=0, error=""):
    return HarvestRun.objects.create(
        person=person, source=source, found=found, suggested=suggested, error=error
    )


def _stored(record):
    found = Publication.objects.none()
    if record.doi:
        found = Publication.objects.filter(doi=record.doi)
    if not found.exists() and record.arxiv_id:
        found = Publication.objects.filter(arxiv_id=record.arxiv_id)
    if not found.exists():
        candidates = Publication.objects.filter(title__iexact=record.title)
        found = candidates.filter(year=record.year) if record.year else candidates
    return found.order_by("id").first()


def _name_known_people(record, person):
    """Put the stored name of the person, and of co-authors known by ORCID iD, on the
    byline, so the store matches them; the printed spelling becomes a name variant."""
    spellings = _spellings(person)
    by_orcid = {
        other.orcid: other
        for other in Person.objects.filter(orcid__in=[a.orcid for a in record.authors if a.orcid])
    }
    for author in record.authors:
        known = person if _is_person(author, person, spellings) else by_orcid.get(author.orcid)
        if known and author.name != known.full_name:
            author.aliases = [*author.aliases, author.name]
            author.name = known.full_name


def _store_orcids(record, publication):
    """ORCID iDs the source gave for people on the byline who had none."""
    taken = set(Person.objects.exclude(orcid=None).values_list("orcid", flat=True))
    names = {a.name: a.orcid for a in record.authors if a.orcid and a.orcid not in taken}
    for authorship in publication.authorships.select_related("person"):
        orcid = names.get(authorship.name_as_printed)
        if orcid and not authorship.person.orcid:
            authorship.person.orcid = orcid
            authorship.person.save()
            taken.add(orcid)


def confirm(suggestion, *, user):
    """Write the suggested work through the store, on the person's profile."""
    person = suggestion.person
    with transaction.atomic():
        parsed = ParsedImport(
            source=f"{suggestion.get_source_display()} harvest",
            publications=[from_json(suggestion.record)],
        )
        heal(parsed, known_names=stored_spellings())
        record = parsed.publications[0]
        _name_known_people(record, person)
        write_import(parsed)
        publication = _stored(record)
        if not publication.authorships.filter(person=person).exists():
            Authorship.objects.create(
                publication=publication, person=person, name_as_printed=person.full_name
            )
        _store_orcids(record, publication)
        _decide(suggestion, Suggestion.Status.CONFIRMED, user, publication=publication)
    return publication


def reject(suggestion, *, user):
    """Not this person's: remembered, so no harvest suggests it to them again."""
    _decide(suggestion, Suggestion.Status.REJECTED, user)


def _decide(suggestion, status, user, publication=None):
    suggestion.status, suggestion.decided = status, timezone.now()
    suggestion.decided_by = user if user and user.is_authenticated else None
    suggestion.publication = publication
    suggestion.save()
