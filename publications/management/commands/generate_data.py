import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max

from jobs.progress import TerminalProgress
from profiles.models import MembershipPeriod, NameVariant, Person, Topic
from publications.models import Authorship, Publication
from publications.synthetic.generator import Generator
from publications.synthetic.writer import BulkWriter

PersonTopic = Person.topics.through
PublicationTopic = Publication.topics.through
CHUNK = 5000  # publications per COPY round


def next_id(model):
    return (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1


class Command(BaseCommand):
    help = "Fill the database with realistic synthetic people and publications, in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=1000)
        parser.add_argument("--publications", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--member-share",
            type=float,
            default=0.7,
            help="Share of people with a public profile; the rest are outside co-authors.",
        )

    def handle(self, *args, people, publications, seed, member_share, **options):
        if people < 1 or publications < 0:
            raise CommandError("--people must be at least 1 and --publications at least 0.")
        started = time.perf_counter()
        writer = BulkWriter()
        taken = list(Person.objects.values_list("slug", flat=True))
        taken += Topic.objects.values_list("slug", flat=True)
        generator = Generator(seed=seed, taken_slugs=taken)
        self.progress = TerminalProgress.for_command(self, label="generate_data")
        with transaction.atomic():
            topic_ids = self._topics(generator, writer)
            persons = self._people(generator, writer, people, member_share, topic_ids)
            with writer.triggers_caught_up(Authorship, PublicationTopic, Publication):
                byline_counts = self._publications(
                    generator, writer, publications, persons, topic_ids
                )
            writer.reset_sequences(
                Topic,
                Person,
                MembershipPeriod,
                NameVariant,
                PersonTopic,
                Publication,
                Authorship,
                PublicationTopic,
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        self._report(writer.rows_written, elapsed, byline_counts, persons)

    def _topics(self, generator, writer):
        writer.write(Topic, generator.topics(next_id(Topic)))
        return dict(Topic.objects.values_list("name", "id"))

    def _people(self, generator, writer, count, member_share, topic_ids):
        first = next_id(Person)
        members = round(count * member_share)
        persons = [generator.person(first + i, member=i < members) for i in range(count)]
        variant_id, variants, person_topics = next_id(NameVariant), [], []
        period_id, periods = next_id(MembershipPeriod), []
        topic_link_id = next_id(PersonTopic)
        topic_names = list(topic_ids)
        for person in persons:
            for row in generator.name_variants(person, variant_id):
                variants.append(row)
                variant_id += 1
            for period in person.periods:
                periods.append({"id": period_id, "person_id": person.id, **period})
                period_id += 1
            if person.row["has_profile"]:
                for name in generator.random.sample(topic_names, generator.random.randint(1, 4)):
                    person_topics.append(
                        {"id": topic_link_id, "person_id": person.id, "topic_id": topic_ids[name]}
                    )
                    topic_link_id += 1
        # Variants and topics first: foreign keys are checked at commit, and the search
        # trigger on people then sees them when each person row is written.
        writer.write(NameVariant, variants)
        writer.write(PersonTopic, person_topics)
        writer.write(Person, (person.row for person in persons))
        writer.write(MembershipPeriod, periods)
        alumni = sum(1 for person in persons if person.row.get("membership_ended"))
        self.stdout.write(f"people: {count} ({members} with a profile, {alumni} of them alumni)")
        return persons

    def _publications(self, generator, writer, count, persons, topic_ids):
        draw = generator.author_sampler(
            [p for p in persons if p.row["has_profile"]]
            + [p for p in persons if not p.row["has_profile"]]
        )
        topic_names = list(topic_ids)
        publication_id, authorship_id = next_id(Publication), next_id(Authorship)
        topic_link_id = next_id(PublicationTopic)
        byline_counts = Counter()
        for start in range(0, count, CHUNK):
            rows, bylines, links = [], [], []
            for _ in range(min(CHUNK, count - start)):
                names = generator.random.sample(topic_names, generator.random.randint(1, 3))
                rows.append(generator.publication(publication_id, names))
                for name in names:
                    links.append(
                        {"id": topic_link_id, "publication_id": publication_id,
                         "topic_id": topic_ids[name]}
                    )  # fmt: skip
                    topic_link_id += 1
                for position, person in enumerate(draw(generator.author_count()), start=1):
                    bylines.append(
                        {"id": authorship_id, "publication_id": publication_id,
                         "person_id": person.id, "position": position,
                         "name_as_printed": generator.printed_name(person)}
                    )  # fmt: skip
                    byline_counts[person.id] += 1
                    authorship_id += 1
                publication_id += 1
            # Bylines before their publications, so that a trigger on a new publication
            # (SQLite's latest-year one) finds its bylines.
            writer.write(Authorship, bylines)
            writer.write(PublicationTopic, links)
            writer.write(Publication, rows)
            self.progress(start + len(rows), count, "publications written")
        return byline_counts

    def _report(self, rows, elapsed, byline_counts, persons):
        by_id = {person.id: person for person in persons}
        prolific = [pid for pid, n in byline_counts.items() if n >= 500]
        top = byline_counts.most_common(1)
        self.stdout.write(f"people with 500+ publications: {len(prolific)}")
        if top:
            self.stdout.write(f"most publications: {top[0][1]} ({by_id[top[0][0]].row['slug']})")
        self.stdout.write(
            self.style.SUCCESS(
                f"{rows} rows in {elapsed:.1f} s: {rows / max(elapsed, 1e-9):,.0f} rows/s"
            )
        )
