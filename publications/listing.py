"""Publication lists written out in Python instead of a template include per item.

A profile lists every publication of a person, 500 and more, each with its full
byline: an include per publication and per author cost seconds there. Here the
lists are written from publications/rows.py with every text escaped by
html.escape, which is what django.utils.html.escape calls, so the markup is the
same as the templates' was.
"""

from html import escape

from django.utils.html import linebreaks
from django.utils.safestring import SafeString

from core.addresses import AddressMaker
from core.fulltext import highlight_html
from publications.models import Publication

KIND_LABELS = dict(Publication.Kind.choices)


class ListWriter:
    """Writes the items of lists; reverses addresses once, and each name on a byline once."""

    def __init__(self, *, level=2, highlight=None, hide_year=False):
        self.level, self.highlight, self.hide_year = level, highlight, hide_year
        self.publication_address = AddressMaker(None, "publications:detail", 2)
        self.person_address = AddressMaker(None, "profiles:person-detail", 1)
        self.names = {}  # (name as printed, Author) -> its HTML on a byline

    def byline(self, byline):
        """The byline's Credits as links to profiles, the highlighted person in <strong>."""
        if not byline:
            return '<span class="muted">Authors not listed</span>'
        names = self.names
        parts = []
        for credit in byline:
            shown = (credit.printed, credit.author)
            html = names.get(shown)
            if html is None:
                html = names[shown] = self._name(*shown)
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
        title = escape(row.title)
        shown_title, snippet = (highlight_html(text) for text in match) if match else (title, "")
        address = escape(self.publication_address(row.id, row.slug or "publication"))
        meta = f'<span class="venue">{escape(row.venue)}</span>' if row.venue else ""
        if row.year and not self.hide_year:
            meta += f"<span>{row.year}</span>"
        meta += f"<span>{escape(str(KIND_LABELS.get(row.kind, row.kind)))}</span>"
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
        if row.abstract:
            html += (
                '  <details class="abstract">\n'
                f'    <summary>Abstract<span class="visually-hidden"> of {title}</span></summary>\n'
                f'    <div class="prose">{_paragraphs(row.abstract)}</div>\n'
                "  </details>\n"
            )
        return html + "</li>"

    def items(self, read, rows=None):
        """One <li> per row of `read` (publications/rows.Rows), or per row of `rows` given."""
        bylines, matches = read.bylines, read.matches
        return [
            self.item(row, bylines[row.id], matches.get(row.id))
            for row in (read.rows if rows is None else rows)
        ]


def ordered_list(items):
    return SafeString('<ol class="publications">\n' + "\n".join(items) + "\n</ol>")


def items_html(read, *, level=2, highlight=None, hide_year=False):
    """<ol> of the publications of `read`, as on every list page."""
    writer = ListWriter(level=level, highlight=highlight, hide_year=hide_year)
    return ordered_list(writer.items(read))


def _paragraphs(text):
    """linebreaks(text, autoescape=True), with its regular expressions only when needed."""
    if "\n" in text or "\r" in text:
        return linebreaks(text, autoescape=True)
    return f"<p>{escape(text)}</p>"
