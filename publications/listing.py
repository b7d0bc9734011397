"""Publication lists written out in Python instead of a template include per item.

A profile lists every publication of a person, 500 and more, each with its full
byline: an include per publication and per author cost seconds there. Here the rows
come from value queries (publications, their authorships, the people on them) and
are written out with every text escaped by html.escape, which is what
django.utils.html.escape calls, so the markup is the same as the templates' was.
"""

from dataclasses import dataclass, field
from html import escape
from typing import NamedTuple

from django.utils.html import linebreaks
from django.utils.safestring import SafeString

from core.fulltext import highlight_html
from profiles.models import Person
from publications.api_rows import AddressMaker
from publications.models import Authorship, Publication

ROW_FIELDS = ("pk", "slug", "title", "year", "venue", "kind", "abstract")
KIND_LABELS = dict(Publication.Kind.choices)


class Author(NamedTuple):
    """A person on some byline: what the byline links to and co-author lists need."""

    pk: int
    full_name: str
    slug: str
    has_profile: bool
    sort_name: str = ""


@dataclass
class Listing:
    """Publications as ROW_FIELDS tuples, with each one's byline: (name as printed, Author)."""

    rows: list
    bylines: dict
    # pk -> (title, snippet) with the search's matches marked, for search results
    matches: dict = field(default_factory=dict)

    @classmethod
    def of(cls, publications, *, ids=None):
        """The listing of a queryset of publications, in its order, in three queries.

        `ids`, a cheaper subquery of the same publications' ids, can replace theirs.
        """
        rows = list(publications.values_list(*ROW_FIELDS))
        ids = publications.values("pk") if ids is None else ids
        authorships = Authorship.objects.filter(publication__in=ids)
        # The people apart: joined to 6,000 authorships they cost one index probe each
        # (36 ms); a query of their own reads each person once (8 + 10 ms).
        people = Person.objects.filter(pk__in=authorships.values("person_id"))
        return cls(rows, _bylines(rows, _credits(authorships), _authors(people)))

    @classmethod
    def of_page(cls, publications):
        """The listing of a page of Publications, with their bylines in two small queries."""
        rows = [
            tuple(getattr(publication, name) for name in ROW_FIELDS) for publication in publications
        ]
        credits = _credits(Authorship.objects.filter(publication__in=[row[0] for row in rows]))
        # By their ids: joined to the authorships, the planner read all 10,000 people.
        people = Person.objects.filter(pk__in={person_id for _, _, person_id in credits})
        matches = {
            publication.pk: (publication.search_title, publication.search_snippet)
            for publication in publications
            if getattr(publication, "search_title", None) is not None
        }
        return cls(rows, _bylines(rows, credits, _authors(people)), matches)

    @classmethod
    def from_instances(cls, publications):
        """The listing of Publications whose authorships and persons are prefetched."""
        rows, bylines, people = [], {}, {}
        for publication in publications:
            rows.append(tuple(getattr(publication, name) for name in ROW_FIELDS))
            byline = bylines[publication.pk] = []
            for authorship in publication.authorships.all():
                person = authorship.person
                author = people.get(person.pk)
                if author is None:
                    author = people[person.pk] = Author(
                        person.pk,
                        person.full_name,
                        person.slug,
                        person.has_profile,
                        person.sort_name,
                    )
                byline.append((authorship.printed_name, author))
        return cls(rows, bylines)


def _credits(authorships):
    """(publication id, name as printed, person id) of `authorships`, in byline order."""
    return list(
        authorships.order_by("publication_id", *Authorship._meta.ordering).values_list(
            "publication_id", "name_as_printed", "person_id"
        )
    )


def _authors(people):
    return {
        pk: Author(pk, *person)
        for pk, *person in people.values_list("pk", "full_name", "slug", "has_profile", "sort_name")
    }


def _bylines(rows, credits, authors):
    bylines = {row[0]: [] for row in rows}
    for publication_id, printed, person_id in credits:
        author = authors[person_id]
        bylines[publication_id].append((printed or author.full_name, author))
    return bylines


class ListWriter:
    """Writes the items of lists; reverses addresses once, and each name on a byline once."""

    def __init__(self, *, level=2, highlight=None, hide_year=False):
        self.level, self.highlight, self.hide_year = level, highlight, hide_year
        self.publication_address = AddressMaker(None, "publications:detail", 2)
        self.person_address = AddressMaker(None, "profiles:person-detail", 1)
        self.names = {}  # (name as printed, Author) -> its HTML on a byline

    def byline(self, byline):
        """The byline as links to profiles, the highlighted person's pk in <strong>."""
        if not byline:
            return '<span class="muted">Authors not listed</span>'
        names = self.names
        parts = []
        for credit in byline:
            html = names.get(credit)
            if html is None:
                html = names[credit] = self._name(*credit)
            parts.append(html)
        return ", ".join(parts)

    def _name(self, printed, author):
        name = escape(printed)
        if author.pk == self.highlight:
            return f'<strong class="self">{name}</strong>'
        if author.has_profile:
            return f'<a href="{escape(self.person_address(author.slug))}">{name}</a>'
        return name

    def item(self, row, byline, match=None):
        pk, slug, title, year, venue, kind, abstract = row
        title = escape(title)
        shown_title, snippet = (highlight_html(text) for text in match) if match else (title, "")
        address = escape(self.publication_address(pk, slug or "publication"))
        meta = f'<span class="venue">{escape(venue)}</span>' if venue else ""
        if year and not self.hide_year:
            meta += f"<span>{year}</span>"
        meta += f"<span>{escape(str(KIND_LABELS.get(kind, kind)))}</span>"
        level = self.level
        html = (
            f'<li class="publication-item">\n'
            f'  <h{level} class="publication-title"><a href="{address}">{shown_title}</a>'
            f"</h{level}>\n"
            f'  <p class="byline">{self.byline(byline)}</p>\n'
            f'  <p class="publication-meta">{meta}</p>\n'
        )
        if snippet:
            html += f'  <p class="search-snippet">{snippet}</p>\n'
        if abstract:
            html += (
                '  <details class="abstract">\n'
                f'    <summary>Abstract<span class="visually-hidden"> of {title}</span></summary>\n'
                f'    <div class="prose">{_paragraphs(abstract)}</div>\n'
                "  </details>\n"
            )
        return html + "</li>"

    def items(self, listing, rows=None):
        """One <li> per row of `listing` (or per row of `rows` given)."""
        bylines, matches = listing.bylines, listing.matches
        return [
            self.item(row, bylines[row[0]], matches.get(row[0]))
            for row in (listing.rows if rows is None else rows)
        ]


def ordered_list(items):
    return SafeString('<ol class="publications">\n' + "\n".join(items) + "\n</ol>")


def items_html(listing, *, level=2, highlight=None, hide_year=False):
    """<ol> of the publications of `listing`, as on every list page."""
    writer = ListWriter(level=level, highlight=highlight, hide_year=hide_year)
    return ordered_list(writer.items(listing))


def _paragraphs(text):
    """linebreaks(text, autoescape=True), with its regular expressions only when needed."""
    if "\n" in text or "\r" in text:
        return linebreaks(text, autoescape=True)
    return f"<p>{escape(text)}</p>"
