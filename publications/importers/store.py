"""Write a healed ParsedImport into the database in one transaction, and report on it.

Re-running an import writes nothing: rows are saved only when a value changes.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext

from profiles.merging import merge_people
from profiles.models import NameReview, NameVariant, Person, Topic
from profiles.name_repair import matches_clean_spelling
from profiles.names import best_spelling, match_key, name_parts, same_person
from publications.importers.common import Note
from publications.importers.language import detected_language
from publications.models import Authorship, Publication

MEMBERSHIP_BY_LABEL = {label.casefold(): value for value, label in Person.Membership.choices}
UPDATED_FIELDS = (
    "abstract",
    "language",
    "year",
    "date",
    "venue",
    "kind",
    "doi",
    "arxiv_id",
    "url",
)


@dataclass
class ImportReport:
    source: str
    dry_run: bool = False
    people_created: list[str] = field(default_factory=list)
    people_matched: list[str] = field(default_factory=list)
    people_merged: list[str] = field(default_factory=list)
    people_healed: list[str] = field(default_factory=list)
    publications_created: list[str] = field(default_factory=list)
    publications_updated: list[str] = field(default_factory=list)
    publications_unchanged: list[str] = field(default_factory=list)
    names_repaired: list[tuple[str, str, str]] = field(default_factory=list)
    duplicates: list[Note] = field(default_factory=list)
    doubtful: list[Note] = field(default_factory=list)
    low_confidence: list[Note] = field(default_factory=list)

    def lines(self):
        if self.dry_run:
            yield gettext("Import of %(source)s (dry run: nothing written)") % {
                "source": self.source
            }
        else:
            yield gettext("Import of %(source)s") % {"source": self.source}
        repaired = [f"{old} → {new} ({why})" for old, new, why in self.names_repaired]
        sections = [
            (gettext("People created"), self.people_created),
            (gettext("People matched"), self.people_matched),
            (gettext("People merged"), self.people_merged),
            (gettext("People renamed to a better spelling"), self.people_healed),
            (gettext("Publications created"), self.publications_created),
            (gettext("Publications updated"), self.publications_updated),
            (gettext("Publications unchanged"), self.publications_unchanged),
            (gettext("Names repaired"), repaired),
            (gettext("Duplicates dropped"), self.duplicates),
            (gettext("Doubtful lines (kept as printed)"), self.doubtful),
            (gettext("Low-confidence lines"), self.low_confidence),
        ]
        for heading, items in sections:
            yield gettext("%(heading)s: %(count)d") % {"heading": heading, "count": len(items)}
            yield from (f"  {item}" for item in items)


def topic_key(name):
    """Topics are one whatever their case and spacing: "Deep learning", "DeepLearning"."""
    return "".join(name.casefold().split())


class PersonIndex:
    """Every person's spellings in memory, so matching costs two queries in all."""

    def __init__(self):
        self.by_key = defaultdict(set)
        self.by_family = defaultdict(set)
        self.spellings = defaultdict(set)
        self.people = {}
        for person in Person.objects.prefetch_related("name_variants"):
            self.add(person, person.full_name, *(v.name for v in person.name_variants.all()))

    def add(self, person, *names):
        self.people[person.pk] = person
        for name in names:
            self.spellings[person.pk].add(name)
            self.by_key[match_key(name)].add(person.pk)
            self.by_family[name_parts(name)[1]].add(person.pk)

    def same_spelling(self, names):
        """Ids of people spelled like `names` up to case and accents, or whose stored
        spelling is one of them with its TeX accents mangled."""
        found = set()
        for name in names:
            found |= self.by_key.get(match_key(name), set())
        clean = [name for name in names if not name.isascii()]
        if clean:
            found |= {
                pk
                for pk, spellings in self.spellings.items()
                if any(matches_clean_spelling(known, name) for known in spellings for name in clean)
            }
        return found

    def remove(self, pk):
        for name in self.spellings.pop(pk, ()):
            self.by_key[match_key(name)].discard(pk)
            self.by_family[name_parts(name)[1]].discard(pk)
        self.people.pop(pk, None)

    def find(self, names):
        """(person or None, other candidates) for spellings of one person."""
        found = self.same_spelling(names)
        if found:
            return self.people[min(found)], []
        candidates = {
            pk
            for name in names
            for pk in self.by_family.get(name_parts(name)[1], ())
            if any(same_person(name, known) for known in self.spellings[pk])
        }
        if len(candidates) == 1:
            return self.people[candidates.pop()], []
        return None, sorted(self.people[pk].full_name for pk in candidates)


class _Writer:
    def __init__(self, parsed, report):
        self.parsed, self.report, self.index = parsed, report, PersonIndex()
        self.created_people, self.matched = set(), set()
        self.reviewed = set(NameReview.objects.values_list("person_id", "printed"))

    def person(self, name, aliases=(), where=""):
        spellings = [name, *aliases]
        person, ambiguous = self.index.find(spellings)
        new = person is None
        if new:
            person = Person.objects.create(full_name=name)
            self.created_people.add(person.pk)
            self.report.people_created.append(name)
            if ambiguous:
                reason = gettext("could be %(names)s; a new person was created") % {
                    "names": gettext(" or ").join(ambiguous)
                }
                self.report.doubtful.append(Note(where, name, reason))
        else:
            person = self.heal(person, spellings)
            if person.pk not in self.created_people and person.full_name not in self.matched:
                self.matched.add(person.full_name)
                self.report.people_matched.append(person.full_name)
        for spelling in spellings:
            if spelling not in self.index.spellings[person.pk]:
                NameVariant.objects.create(person=person, name=spelling)
                if not new:  # a new person's aliases were reported as joined on the paper
                    self.report.people_merged.append(f"{spelling} → {person.full_name}")
            self.index.add(person, spelling)
        self.open_review(person, name)
        return person

    def open_review(self, person, name):
        """Put a name kept as printed on the admin's review list, once."""
        candidates = self.parsed.reviews.get(name)
        if candidates and person.full_name == name and (person.pk, name) not in self.reviewed:
            NameReview.objects.create(
                person=person, printed=name, candidates=list(candidates), source=self.parsed.source
            )
            self.reviewed.add((person.pk, name))

    def heal(self, person, spellings):
        """Merge people made earlier under another spelling of these names into `person`,
        and show the best-informed spelling of them all."""
        for pk in sorted(self.index.same_spelling(spellings) - {person.pk}):
            other = self.index.people[pk]
            self.report.people_merged.append(f"{other.full_name} → {person.full_name}")
            names = self.index.spellings[pk]
            self.index.remove(pk)
            person = merge_people(keep=person, other=other)
            self.index.add(person, *names)
        best = best_spelling([person.full_name, *spellings, *self.index.spellings[person.pk]])
        if best != person.full_name:
            self.report.people_healed.append(f"{person.full_name} → {best}")
            person.full_name, person.family_name = best, ""  # the parts follow the name
            person._change_reason = "A better-informed spelling came in an import"
            person.save()
        return person

    def owner(self):
        parsed = self.parsed.owner
        owner = self.person(parsed.name, where=gettext("header"))
        values = {
            "has_profile": True,
            "membership": MEMBERSHIP_BY_LABEL.get(parsed.membership.casefold(), owner.membership),
            "position": parsed.position or owner.position,
            "affiliation": parsed.affiliation or owner.affiliation,
        }
        if parsed.membership and parsed.membership.casefold() not in MEMBERSHIP_BY_LABEL:
            note = Note(gettext("header"), parsed.membership, gettext("unknown membership"))
            self.report.doubtful.append(note)
        if any(getattr(owner, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(owner, name, value)
            owner.save()
        known = {topic_key(topic.name): topic for topic in Topic.objects.all()}
        linked = set(owner.topics.values_list("pk", flat=True))
        for name in parsed.topics:
            topic = known.get(topic_key(name)) or Topic.objects.create(name=name)
            known[topic_key(name)] = topic
            if topic.pk not in linked:
                owner.topics.add(topic)
                linked.add(topic.pk)
        return owner

    def existing_publications(self):
        records = self.parsed.publications
        dois = [p.doi for p in records if p.doi]
        arxiv_ids = [p.arxiv_id for p in records if p.arxiv_id]
        slugs = [slugify(" ".join(p.title.split()))[:120].strip("-") for p in records]
        found = Publication.objects.filter(
            Q(doi__in=dois) | Q(arxiv_id__in=arxiv_ids) | Q(slug__in=slugs)
        ).prefetch_related("authorships")
        return list(found)

    @staticmethod
    def match(parsed, existing):
        for publication in existing:
            if parsed.doi and publication.doi == parsed.doi:
                return publication
        for publication in existing:
            if parsed.arxiv_id and publication.arxiv_id == parsed.arxiv_id:
                return publication
        for publication in existing:
            same_year = not (parsed.year and publication.year) or parsed.year == publication.year
            if match_key(publication.title) == match_key(parsed.title) and same_year:
                return publication
        return None

    def update(self, publication, parsed, existing):
        changed = []
        for name in UPDATED_FIELDS:
            value, current = getattr(parsed, name), getattr(publication, name)
            blank = current in (None, "") or (name == "kind" and current == "other")
            taken = name in ("doi", "arxiv_id") and any(
                other.pk != publication.pk and getattr(other, name) == value for other in existing
            )
            if taken and value != current:
                reason = gettext(
                    "its %(field)s %(value)s belongs to another publication; not changed"
                ) % {"field": Publication._meta.get_field(name).verbose_name, "value": value}
                self.report.doubtful.append(Note(parsed.where, parsed.title, reason))
                continue
            # A language an editor chose is kept: a guess never overrides it.
            replaces = blank or (parsed.full_byline and name != "language")
            if value not in (None, "") and value != current and replaces:
                setattr(publication, name, value)
                changed.append(name)
        if changed:
            publication.save()
        return changed

    def byline(self, publication, parsed, owner, created):
        people = []
        for author in parsed.authors:
            person = self.person(author.name, author.aliases, where=author.where)
            if person not in (p for p, _ in people):
                people.append((person, author.name))
        current = {a.person_id: a for a in ([] if created else publication.authorships.all())}
        if parsed.full_byline:
            wanted = [(person.pk, position) for position, (person, _) in enumerate(people, 1)]
            if [(pk, current[pk].position) for pk, _ in wanted if pk in current] != wanted:
                # The byline changed: people it no longer places lose their place.
                for authorship in current.values():
                    if authorship.position is not None:
                        authorship.position = None
                        authorship.save()
                for position, (person, printed) in enumerate(people, 1):
                    authorship = current.get(person.pk) or Authorship(
                        publication=publication, person=person, name_as_printed=printed
                    )
                    authorship.position = position
                    authorship.save()
                    current[person.pk] = authorship
        else:
            # A scraped page leaves its owner out, so no place on the byline is known.
            for person, printed in people:
                if person.pk not in current:
                    current[person.pk] = Authorship.objects.create(
                        publication=publication, person=person, name_as_printed=printed
                    )
        if owner and owner.pk not in current:
            Authorship.objects.create(
                publication=publication, person=owner, name_as_printed=owner.full_name
            )

    def run(self):
        owner = self.owner() if self.parsed.owner else None
        existing = self.existing_publications()
        for parsed in self.parsed.publications:
            if not parsed.language:
                parsed.language = detected_language(parsed.title, parsed.abstract)
            publication = self.match(parsed, existing)
            created = publication is None
            if created:
                values = {name: getattr(parsed, name) for name in UPDATED_FIELDS}
                values = {name: value for name, value in values.items() if value}
                publication = Publication.objects.create(title=parsed.title, **values)
                existing.append(publication)
                self.report.publications_created.append(parsed.title)
            else:
                changed = self.update(publication, parsed, existing)
                if changed:
                    self.report.publications_updated.append(
                        f"{publication.title} ({', '.join(changed)})"
                    )
                else:
                    self.report.publications_unchanged.append(publication.title)
            self.byline(publication, parsed, owner, created)


def stored_spellings():
    """Every stored spelling of a person's name, for name repair to prefer."""
    return [
        *Person.objects.values_list("full_name", flat=True),
        *NameVariant.objects.values_list("name", flat=True),
    ]


def write_import(parsed, *, dry_run=False):
    """Write a healed ParsedImport in one transaction; with dry_run, roll it back."""
    report = ImportReport(
        source=parsed.source,
        dry_run=dry_run,
        names_repaired=list(parsed.repairs),
        duplicates=list(parsed.duplicates),
        doubtful=list(parsed.doubtful),
        low_confidence=list(parsed.low_confidence),
    )
    report.people_merged.extend(f"{alias} → {name}" for alias, name in parsed.merged_on_paper)
    with transaction.atomic():
        _Writer(parsed, report).run()
        if dry_run:
            transaction.set_rollback(True)
    return report
