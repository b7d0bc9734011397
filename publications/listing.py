"""Publication lists written out in Python instead of a template include per item.

A profile lists every publication of a person, 500 and more, each with its full
byline: an include per publication and per author cost seconds there. Here the
lists are written from publications/rows.py with format_html, which escapes every
text as the templates did, so the markup is the same as theirs was.
"""

from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

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
        # Translated once per list, not once per item.
        self.no_authors = format_html(
            '<span class="muted">{}</span>', gettext("Authors not listed")
        )
        # Markup the translator may reorder; format_html escapes the title put in it.
        self.abstract_summary = gettext('Abstract<span class="visually-hidden"> of {title}</span>')

    def byline(self, byline):
        """The byline's Credits as links to profiles, the highlighted person in <strong>."""
        if not byline:
            return self.no_authors
        names = self.names
        parts = []
        for credit in byline:
            shown = (credit.printed, credit.author)
            html = names.get(shown)
            if html is None:
                html = names[shown] = self._name(*shown)
            parts.append(html)
        return mark_safe(", ".join(parts))  # each part is escaped by format_html

    def _name(self, printed, author):
        if author.pk == self.highlight:
            return format_html('<strong class="self">{}</strong>', printed)
        if author.has_profile:
            return format_html('<a href="{}">{}</a>', self.person_address(author.slug), printed)
        return escape(printed)

    def item(self, row, byline, match=None):
        title = escape(row.title)
        shown_title, snippet = (highlight_html(text) for text in match) if match else (title, "")
        meta = (
            format_html('<span class="venue">{}</span>', row.venue) if row.venue else mark_safe("")
        )
        if row.year and not self.hide_year:
            meta += format_html("<span>{}</span>", row.year)
        meta += format_html("<span>{}</span>", KIND_LABELS.get(row.kind, row.kind))
        # Title and abstract keep the language they were written in: marked for
        # screen readers and search engines whatever the page's language.
        lang = format_html(' lang="{}"', row.language) if row.language else ""
        html = format_html(
            '<li class="publication-item">\n'
            '  <h{level} class="publication-title"{lang}>'
            '<a href="{address}">{title}</a></h{level}>\n'
            '  <p class="byline">{byline}</p>\n'
            '  <p class="publication-meta">{meta}</p>\n',
            level=self.level,
            lang=lang,
            address=self.publication_address(row.id, row.slug or "publication"),
            title=shown_title,
            byline=self.byline(byline),
            meta=meta,
        )
        if snippet:
            html += format_html('  <p class="search-snippet"{}>{}</p>\n', lang, snippet)
        if row.abstract:
            html += format_html(
                '  <details class="abstract">\n'
                "    <summary>{}</summary>\n"
                '    <div class="prose"{}>{}</div>\n'
                "  </details>\n",
                format_html(
                    self.abstract_summary,
                    title=format_html('<span lang="{}">{}</span>', row.language, title)
                    if row.language
                    else title,
                ),
                lang,
                _paragraphs(row.abstract),
            )
        return html + mark_safe("</li>")

    def items(self, read, rows=None):
        """One <li> per row of `read` (publications/rows.Rows), or per row of `rows` given."""
        bylines, matches = read.bylines, read.matches
        return [
            self.item(row, bylines[row.id], matches.get(row.id))
            for row in (read.rows if rows is None else rows)
        ]


def ordered_list(items):
    return format_html('<ol class="publications">\n{}\n</ol>', mark_safe("\n".join(items)))


def items_html(read, *, level=2, highlight=None, hide_year=False):
    """<ol> of the publications of `read`, as on every list page."""
    writer = ListWriter(level=level, highlight=highlight, hide_year=hide_year)
    return ordered_list(writer.items(read))


def _paragraphs(text):
    """linebreaks(text, autoescape=True), with its regular expressions only when needed."""
    if "\n" in text or "\r" in text:
        return mark_safe(linebreaks(text, autoescape=True))  # it escaped the text
    return format_html("<p>{}</p>", text)
