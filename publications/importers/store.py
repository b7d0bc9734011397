"""Write a healed ParsedImport into the database in one transaction, and report on it.

Re-running an import writes nothing: rows are saved only when a value changes.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from profiles.merging import merge_people
from profiles.models import NameReview, NameVariant, Person, Topic, free_slug
from profiles.name_repair import clean_skeleton, mangled_skeleton, matches_clean_spelling
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


# A person recurs on many bylines with the spellings already known.
_best_spelling = lru_cache(maxsize=65536)(best_spelling)


def topic_key(name):
    """Topics are one whatever their case and spacing: "Deep learning", "DeepLearning"."""
    return "".join(name.casefold().split())


# What a better spelling changes (Person.fill_names); written in bulk with the batch.
RESPELLED_FIELDS = ["full_name", "given_name", "name_particle", "family_name", "sort_name"]

# Index keys of people not written yet: after every stored id, in the order they came.
PENDING = 1 << 62


def family_key(name):
    """Where a spelling is filed for same_person: its family key and first given initial.

    same_person() needs both family names equal and the first given names agreeing, and
    agreeing tokens (equal, or one the other's initial or prefix) share their first letter:
    a spelling outside the bucket can never match."""
    given, family = name_parts(name)
    return family, given[0][:1] if given else ""


def index_key(person):
    return person.pk if person.pk is not None else person.index_key


def is_stub(person):
    """Whether `person` is no more than a name an import filed: no profile, no ORCID iD.

    Two stubs spelled alike are one person filed twice and may be merged; people with a
    profile or an iD are told apart by the institute, so a shared spelling joins neither."""
    return not person.has_profile and not person.orcid


class PersonIndex:
    """Every person's spellings in memory, so matching costs two queries in all."""

    def __init__(self):
        self.by_key = defaultdict(set)
        self.by_family = defaultdict(set)  # keys by family_key()
        self.by_skeleton = defaultdict(set)  # (key, spelling) by mangled_skeleton
        self.spellings = defaultdict(set)
        self.people = {}
        for person in Person.objects.prefetch_related("name_variants"):
            self.add(person, person.full_name, *(v.name for v in person.name_variants.all()))

    def add(self, person, *names):
        key = index_key(person)
        self.people[key] = person
        for name in names:
            self.spellings[key].add(name)
            self.by_key[match_key(name)].add(key)
            self.by_family[family_key(name)].add(key)
            self.by_skeleton[mangled_skeleton(name)].add((key, name))

    def same_spelling(self, names):
        """Keys of people spelled like `names` up to case and accents, or whose stored
        spelling is one of them with its TeX accents mangled."""
        found = set()
        for name in names:
            found |= self.by_key.get(match_key(name), set())
        for name in names:
            if not name.isascii():
                found |= {
                    key
                    for key, known in self.by_skeleton.get(clean_skeleton(name), ())
                    if matches_clean_spelling(known, name)
                }
        return found

    def likeliest(self, found, names):
        """(person or None, candidates) among people spelled alike: the one person with a
        profile or an iD, else the one of them spelled exactly so. Between several such
        people a spelling is left to an editor: it goes to a stub made for it earlier, or
        to a new one (None)."""
        people = [self.people[key] for key in sorted(found)]
        known = [person for person in people if not is_stub(person)]
        if len(known) <= 1:
            return (known or people)[0], []
        exact = [person for person in known if self.spellings[index_key(person)] & set(names)]
        if len(exact) == 1:
            return exact[0], []
        stubs = [person for person in people if is_stub(person)]
        if stubs:
            return stubs[0], []
        return None, sorted(person.full_name for person in known)

    def remove(self, key):
        for name in self.spellings.pop(key, ()):
            self.by_key[match_key(name)].discard(key)
            self.by_family[family_key(name)].discard(key)
            self.by_skeleton[mangled_skeleton(name)].discard((key, name))
        self.people.pop(key, None)

    def rekey(self, keys):
        """People written at last: index them by their ids (`keys`: old key -> id)."""
        for old in keys:
            person, names = self.people[old], set(self.spellings[old])
            self.remove(old)
            self.add(person, *names)

    def find(self, names):
        """(person or None, other candidates) for spellings of one person."""
        found = self.same_spelling(names)
        if found:
            return self.likeliest(found, names)
        candidates = {
            key
            for name in names
            for key in self.by_family.get(family_key(name), ())
            if any(same_person(name, known) for known in self.spellings[key])
        }
        if len(candidates) == 1:
            return self.people[candidates.pop()], []
        return None, sorted(self.people[key].full_name for key in candidates)


def _other_identifier(publication, parsed):
    """Whether the two carry different DOIs or different arXiv ids."""
    return any(
        getattr(publication, name)
        and getattr(parsed, name)
        and getattr(publication, name).casefold() != getattr(parsed, name).casefold()
        for name in ("doi", "arxiv_id")
    )


class _Known(list):
    """The publications a batch may match, in the order they were found or made, indexed
    by DOI, arXiv id and title so that matching one record reads only its namesakes."""

    def __init__(self, publications=()):
        super().__init__()
        self.keyed = defaultdict(list)
        for publication in publications:
            self.append(publication)

    def append(self, publication):
        super().append(publication)
        publication.match_order = len(self)
        self.add(publication)

    def add(self, publication):
        for key in (
            ("doi", publication.doi),
            ("arxiv", publication.arxiv_id),
            ("title", match_key(publication.title)),
        ):
            if publication not in self.keyed[key]:
                self.keyed[key].append(publication)

    def match(self, parsed):
        """The first publication (in order) with the record's DOI, else its arXiv id, else
        its title in the same year (or either year unknown) and no other DOI or arXiv id:
        two identifiers of one kind are two works, however alike their titles."""
        checks = [
            ("doi", parsed.doi, lambda p: p.doi == parsed.doi),
            ("arxiv", parsed.arxiv_id, lambda p: p.arxiv_id == parsed.arxiv_id),
            (
                "title",
                match_key(parsed.title),
                lambda p: (
                    match_key(p.title) == match_key(parsed.title)
                    and (not (parsed.year and p.year) or parsed.year == p.year)
                    and not _other_identifier(p, parsed)
                ),
            ),
        ]
        for kind, value, same in checks:
            if kind != "title" and not value:
                continue
            found = [p for p in self.keyed.get((kind, value), ()) if same(p)]
            if found:
                return min(found, key=lambda p: p.match_order)
        return None


HISTORY_COLUMNS = {"history_id", "history_date", "history_change_reason", "history_type"}
HISTORY_IDS_PER_STATEMENT = 500


def _create_with_history(records, model, user):
    """bulk_create_with_history's rows, with the history rows copied from the stored rows
    in SQL (one INSERT … SELECT per 500) instead of built as instances: a history row per
    record, with the same values, date, user and type, at a twentieth of the cost."""
    historical = model.history.model
    own = {f.column for f in model._meta.concrete_fields}
    # The tracked fields, and those added to both tables later (modeltranslation's).
    copied = [f.column for f in historical._meta.concrete_fields if f.column in own]
    extra = {f.column for f in historical._meta.concrete_fields} - set(copied)
    if extra != HISTORY_COLUMNS | {"history_user_id"} or hasattr(historical, "history_relation"):
        return bulk_create_with_history(records, model, default_user=user)
    stored = model._default_manager.bulk_create(records)
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or not stored:
        return stored
    connection = connections[model._default_manager.db]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in copied)
    date = historical._meta.get_field("history_date").get_db_prep_value(timezone.now(), connection)
    pk = quote(model._meta.pk.column)
    ids = [record.pk for record in stored]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), HISTORY_IDS_PER_STATEMENT):
            chunk = ids[start : start + HISTORY_IDS_PER_STATEMENT]
            cursor.execute(
                f"INSERT INTO {quote(historical._meta.db_table)} ({columns}, history_date, "
                "history_change_reason, history_type, history_user_id) "
                f"SELECT {columns}, %s, NULL, '+', %s FROM {quote(model._meta.db_table)} "
                f"WHERE {pk} IN ({', '.join(['%s'] * len(chunk))}) ORDER BY {pk}",
                [date, user.pk if user is not None else None, *chunk],
            )
    return stored


def _request_user():
    """The signed-in user of the request being served, for the history rows written in bulk
    (a save finds it through simple_history's middleware by itself)."""
    user = getattr(getattr(HistoricalRecords.context, "request", None), "user", None)
    return user if user is not None and user.is_authenticated else None


class _Writer:
    """Writes one transaction's records. New people, spellings, reviews, publications and
    bylines wait in memory and are written together, a few statements per table (with
    their history rows), when the batch ends or a merge needs them stored first."""

    def __init__(self, parsed, report, index=None):
        self.parsed, self.report = parsed, report
        self.index = index if index is not None else PersonIndex()
        self.created_people, self.matched = set(), set()
        self.survivors = {}  # id of a person merged away -> the person kept
        self.reviewed = set(NameReview.objects.values_list("person_id", "printed"))
        self.taken_slugs = None
        self.waiting = {model: [] for model in (Person, NameVariant, NameReview, Publication)}
        self.waiting[Authorship] = []
        self.respelled = {}  # stored people whose better spelling waits: id -> person

    def new_person(self, name):
        if self.taken_slugs is None:
            self.taken_slugs = set(Person.objects.values_list("slug", flat=True))
        person = Person(full_name=name, slug=free_slug(name, self.taken_slugs))
        person.index_key = PENDING + len(self.waiting[Person])
        self.waiting[Person].append(person)
        return person

    def flush(self):
        """Write everything waiting, in the order the foreign keys need."""
        people = self.waiting[Person]
        for person in people:
            person.fill_names()
        for variant in self.waiting[NameVariant]:
            variant.fill_key()
        for publication in self.waiting[Publication]:
            publication.fill_derived()
        user = _request_user()
        respelled = list(self.respelled.values())
        for person in respelled:
            person.fill_names()
        if respelled:
            bulk_update_with_history(
                respelled,
                Person,
                RESPELLED_FIELDS,
                default_user=user,
                default_change_reason=gettext("A better-informed spelling came in an import"),
            )
        self.respelled = {}
        for model, records in self.waiting.items():
            if records:
                _create_with_history(records, model, user)
        keys = {person.index_key: person.pk for person in people}
        self.index.rekey(keys)
        self.created_people = {keys.get(key, key) for key in self.created_people}
        self.reviewed = {(keys.get(key, key), printed) for key, printed in self.reviewed}
        self.waiting = {model: [] for model in self.waiting}

    def person(self, name, aliases=(), where=""):
        spellings = [name, *aliases]
        person, ambiguous = self.index.find(spellings)
        new = person is None
        if new:
            person = self.new_person(name)
            self.created_people.add(index_key(person))
            self.report.people_created.append(name)
            if ambiguous:
                reason = gettext("could be %(names)s; a new person was created") % {
                    "names": gettext(" or ").join(ambiguous)
                }
                self.report.doubtful.append(Note(where, name, reason))
        else:
            person = self.heal(person, spellings)
            key = index_key(person)
            if key not in self.created_people and person.full_name not in self.matched:
                self.matched.add(person.full_name)
                self.report.people_matched.append(person.full_name)
        for spelling in spellings:
            if spelling not in self.index.spellings[index_key(person)]:
                self.waiting[NameVariant].append(NameVariant(person=person, name=spelling))
                if not new:  # a new person's aliases were reported as joined on the paper
                    self.report.people_merged.append(f"{spelling} → {person.full_name}")
            self.index.add(person, spelling)
        self.open_review(person, name)
        return person

    def open_review(self, person, name):
        """Put a name kept as printed on the admin's review list, once."""
        candidates = self.parsed.reviews.get(name)
        seen = (index_key(person), name) in self.reviewed
        if candidates and person.full_name == name and not seen:
            self.waiting[NameReview].append(
                NameReview(
                    person=person,
                    printed=name,
                    candidates=list(candidates),
                    source=self.parsed.source,
                )
            )
            self.reviewed.add((index_key(person), name))

    def heal(self, person, spellings):
        """Merge people made earlier under another spelling of these names into `person`,
        and show the best-informed spelling of them all. Only stubs are merged (is_stub)."""
        if not self.stubs_alike(person, spellings):
            return self.respell(person, spellings)
        self.flush()  # a merge moves stored rows: everyone involved must be stored
        for pk in sorted(self.stubs_alike(person, spellings)):
            other = self.index.people[pk]
            self.report.people_merged.append(f"{other.full_name} → {person.full_name}")
            names = self.index.spellings[pk]
            self.index.remove(pk)
            person = merge_people(keep=person, other=other)
            self.survivors[pk] = person
            self.index.add(person, *names)
        return self.respell(person, spellings)

    def stubs_alike(self, person, spellings):
        """Keys of the stubs (is_stub) other than `person` spelled like `spellings`."""
        alike = self.index.same_spelling(spellings) - {index_key(person)}
        return {key for key in alike if is_stub(self.index.people[key])}

    def respell(self, person, spellings):
        """Show the best-informed spelling of `person` known so far."""
        key = index_key(person)
        best = _best_spelling((person.full_name, *spellings, *self.index.spellings[key]))
        if best != person.full_name:
            self.report.people_healed.append(f"{person.full_name} → {best}")
            person.full_name, person.family_name = best, ""  # the parts follow the name
            if person.pk is not None:  # one still waiting is written with the better name
                self.respelled[person.pk] = person  # written with the batch (flush)
        return person

    def owner(self):
        parsed = self.parsed.owner
        owner = self.person(parsed.name, where=gettext("header"))
        self.flush()  # the owner's own fields and topics are saved one by one
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
        return _Known(found)

    def update(self, publication, parsed, existing):
        changed = []
        for name in UPDATED_FIELDS:
            value, current = getattr(parsed, name), getattr(publication, name)
            blank = current in (None, "") or (name == "kind" and current == "other")
            taken = name in ("doi", "arxiv_id") and any(
                other is not publication and getattr(other, name) == value for other in existing
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

    def new_authorship(self, publication, person, printed, position=None):
        authorship = Authorship(
            publication=publication,
            person=person,
            name_as_printed=printed or person.full_name,
            position=position,
        )
        self.waiting[Authorship].append(authorship)
        return authorship

    def surviving(self, person):
        """`person`, or the person it was merged into since it was found."""
        while person.pk in self.survivors:
            person = self.survivors[person.pk]
        return person

    def byline(self, publication, parsed, owner, created):
        # Resolving a later author may merge away the person found for an earlier one.
        found = [(self.person(a.name, a.aliases, where=a.where), a.name) for a in parsed.authors]
        people, placed = [], set()
        for person, printed in found:
            person = self.surviving(person)
            if index_key(person) not in placed:
                placed.add(index_key(person))
                people.append((person, printed))
        if created:
            bylines = []
        elif self.survivors:  # a merge moved bylines the prefetched ones still show
            bylines = Authorship.objects.filter(publication=publication)
        else:
            bylines = publication.authorships.all()
        current = {a.person_id: a for a in bylines}
        if parsed.full_byline:
            wanted = [(index_key(p), position) for position, (p, _) in enumerate(people, 1)]
            if [(key, current[key].position) for key, _ in wanted if key in current] != wanted:
                # The byline changed: people it no longer places lose their place.
                for authorship in current.values():
                    if authorship.position is not None:
                        authorship.position = None
                        authorship.save(update_fields=["position"])
                for position, (person, printed) in enumerate(people, 1):
                    authorship = current.get(index_key(person))
                    if authorship is None:
                        authorship = self.new_authorship(publication, person, printed, position)
                    else:
                        authorship.position = position
                        authorship.save(update_fields=["position"])
                    current[index_key(person)] = authorship
        else:
            # A scraped page leaves its owner out, so no place on the byline is known.
            for person, printed in people:
                if index_key(person) not in current:
                    current[index_key(person)] = self.new_authorship(publication, person, printed)
        if owner and owner.pk not in current:
            self.new_authorship(publication, owner, owner.full_name)

    def run(self):
        owner = self.owner() if self.parsed.owner else None
        existing = self.existing_publications()
        for parsed in self.parsed.publications:
            if not parsed.language:
                parsed.language = detected_language(parsed.title, parsed.abstract)
            publication = existing.match(parsed)
            created = publication is None
            if created:
                values = {name: getattr(parsed, name) for name in UPDATED_FIELDS}
                values = {name: value for name, value in values.items() if value}
                publication = Publication(title=parsed.title, **values)
                self.waiting[Publication].append(publication)
                existing.append(publication)
                self.report.publications_created.append(parsed.title)
            else:
                if publication.pk is None:
                    self.flush()  # matched one written earlier in this batch
                changed = self.update(publication, parsed, existing)
                if changed:
                    self.report.publications_updated.append(
                        f"{publication.title} ({', '.join(changed)})"
                    )
                else:
                    self.report.publications_unchanged.append(publication.title)
                existing.add(publication)  # under the identifiers it may have gained
            self.byline(publication, parsed, owner, created)
        self.flush()


def stored_spellings():
    """Every stored spelling of a person's name, for name repair to prefer."""
    return [
        *Person.objects.values_list("full_name", flat=True),
        *NameVariant.objects.values_list("name", flat=True),
    ]


def write_import(parsed, *, dry_run=False, index=None):
    """Write a healed ParsedImport in one transaction; with dry_run, roll it back.

    `index` is a PersonIndex to reuse (batches of one import share it) and keep current."""
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
        _Writer(parsed, report, index).run()
        if dry_run:
            transaction.set_rollback(True)
    return report
