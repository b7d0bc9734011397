"""Heal a parsed import before it is written: repair names, join aliases, drop duplicates.

Pure functions over ParsedImport; the database is not involved.
"""

from collections import defaultdict

from django.utils.translation import gettext

from profiles.models import Person
from profiles.name_repair import CleanSpellings, has_tex_traces, repair_name
from profiles.names import match_key, name_parts, same_person, split_name
from publications.importers.common import Note
from publications.models import Publication


def repair_reason(repair):
    """Why a name was repaired or kept as printed, in the active language."""
    if repair.status == "doubtful":
        names = gettext(" or ").join(repr(name) for name in repair.candidates)
        return gettext("might be %(names)s; kept as printed") % {"names": names}
    return ", ".join(gettext(evidence) for evidence in repair.evidence)


def publication_key(publication):
    """Keys under which two parsed records are the same publication."""
    keys = []
    if publication.doi:
        keys.append(("doi", publication.doi.lower()))
    if publication.arxiv_id:
        keys.append(("arxiv", publication.arxiv_id))
    keys.append(("title", match_key(publication.title), publication.year))
    return keys


def _repair_names(parsed, known_names):
    names = [author.printed for record in parsed.publications for author in record.authors]
    if parsed.owner:
        names.append(parsed.owner.name)
    clean = CleanSpellings(
        sorted(
            {
                name
                for name in (*names, *known_names)
                if not name.isascii() and not has_tex_traces(name)
            }
        )
    )
    seen, repairs = set(), {}

    def repaired(printed, where):
        # A name recurs on many entries; its repair depends on the name alone.
        repair = repairs.get(printed)
        if repair is None:
            repair = repairs[printed] = repair_name(printed, clean)
        if repair.status == "repaired" and printed not in seen:
            parsed.repairs.append((printed, repair.name, repair_reason(repair)))
        elif repair.status == "doubtful" and printed not in seen:
            parsed.doubtful.append(Note(where, printed, repair_reason(repair)))
            parsed.reviews[repair.name] = repair.candidates
        seen.add(printed)
        return repair.name

    if parsed.owner:
        parsed.owner.name = repaired(parsed.owner.name, "header")
    for publication in parsed.publications:
        for author in publication.authors:
            author.name = repaired(author.printed, author.where)


def _fuller(one, two):
    """The spelling that says more: more given-name parts, then longer, then accented."""
    return max(one, two, key=lambda name: (len(name_parts(name)[0]), len(name), not name.isascii()))


def _join_aliases(parsed):
    """Two spellings of one person on one byline ("Alexander Y. Ku", "Alex Ku") are one."""
    for publication in parsed.publications:
        kept = []
        # Spellings of one person share a match key or a family name: looking only
        # among those keeps a byline of thousands of authors linear.
        by_key = defaultdict(list)
        for author in publication.authors:
            candidates = {
                *by_key[match_key(author.name)],
                *by_key[("family", name_parts(author.name)[1])],
            }
            same = next(
                (
                    kept[index]
                    for index in sorted(candidates)
                    if match_key(kept[index].name) == match_key(author.name)
                    or same_person(kept[index].name, author.name, short_forms=True)
                ),
                None,
            )
            if same is None:
                kept.append(author)
                _file_under(by_key, author.name, len(kept) - 1)
                continue
            fuller = _fuller(same.name, author.name)
            alias = author.name if fuller == same.name else same.name
            if fuller != same.name:
                same.name, same.printed = author.name, author.printed
                _file_under(by_key, same.name, kept.index(same))
            if alias not in same.aliases and match_key(alias) != match_key(same.name):
                same.aliases.append(alias)
                parsed.merged_on_paper.append((alias, same.name))
        publication.authors = kept


def _file_under(by_key, name, index):
    by_key[match_key(name)].append(index)
    if family := name_parts(name)[1]:  # same_person() needs a family name
        by_key[("family", family)].append(index)


def _merge_into(kept, duplicate):
    for author in duplicate.authors:
        existing = [a for a in kept.authors if match_key(a.name) == match_key(author.name)]
        if not existing:
            kept.authors.append(author)
    for field in ("abstract", "venue", "doi", "arxiv_id", "url", "kind"):
        if len(getattr(duplicate, field) or "") > len(getattr(kept, field) or ""):
            setattr(kept, field, getattr(duplicate, field))
    kept.year = kept.year or duplicate.year
    kept.date = kept.date or duplicate.date


def _drop_duplicates(parsed):
    by_key, unique = {}, []
    for publication in parsed.publications:
        keys = publication_key(publication)
        kept = next((by_key[key] for key in keys if key in by_key), None)
        if kept is None:
            unique.append(publication)
            kept = publication
        else:
            _merge_into(kept, publication)
            parsed.duplicates.append(
                Note(
                    publication.where,
                    publication.title,
                    gettext("same publication as %(where)s") % {"where": kept.where},
                )
            )
        for key in publication_key(kept):
            by_key.setdefault(key, kept)
    parsed.publications = unique


def heal(parsed, *, known_names=()):
    """Repair names, join aliases on each paper and drop duplicates, in place; return it.

    `known_names` are spellings already stored; a clean one among them wins a repair.
    """
    _repair_names(parsed, known_names)
    _join_aliases(parsed)
    _drop_duplicates(parsed)
    _fit_to_fields(parsed)
    return parsed


def _max_length(model, name):
    return model._meta.get_field(name).max_length


def _label(name):
    return Publication._meta.get_field(name).verbose_name


NAME_PARTS = ("given_name", "name_particle", "family_name")


def _name_fits(name):
    # No part is longer than the name: most names need no splitting (a millisecond each).
    if len(name) <= min(_max_length(Person, field) for field in NAME_PARTS):
        return True
    parts = zip(NAME_PARTS, split_name(name), strict=True)
    return len(name) <= _max_length(Person, "full_name") and all(
        len(part) <= _max_length(Person, field) for field, part in parts
    )


def _fit_to_fields(parsed):
    """What no column can hold is named in a note, never cut short in silence: a long
    title or venue is cut, an over-long identifier or address left out, and an entry
    with a name no person can be stored under is skipped."""
    fitting = []
    for publication in parsed.publications:
        too_long = next((a.name for a in publication.authors if not _name_fits(a.name)), None)
        if too_long is not None:
            reason = gettext(
                "an author name too long to store (at most %(full)d characters, "
                "%(part)d for a given or family name); entry skipped"
            ) % {
                "full": _max_length(Person, "full_name"),
                "part": _max_length(Person, "family_name"),
            }
            parsed.doubtful.append(Note(publication.where, too_long[:80] + "…", reason))
            continue
        for name in ("title", "venue"):
            limit, value = _max_length(Publication, name), getattr(publication, name)
            if len(value) > limit:
                setattr(publication, name, value[:limit])
                reason = gettext("%(field)s longer than %(limit)d characters; cut") % {
                    "field": _label(name),
                    "limit": limit,
                }
                parsed.doubtful.append(Note(publication.where, value[:80] + "…", reason))
        for name in ("doi", "arxiv_id", "url"):
            limit, value = _max_length(Publication, name), getattr(publication, name)
            if len(value) > limit:
                setattr(publication, name, "")
                reason = gettext("%(field)s longer than %(limit)d characters; ignored") % {
                    "field": _label(name),
                    "limit": limit,
                }
                parsed.doubtful.append(Note(publication.where, value[:80] + "…", reason))
        fitting.append(publication)
    parsed.publications = fitting
