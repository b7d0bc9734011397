"""Heal a parsed import before it is written: repair names, join aliases, drop duplicates.

Pure functions over ParsedImport; the database is not involved.
"""

from django.utils.translation import gettext

from profiles.name_repair import CleanSpellings, has_tex_traces, repair_name
from profiles.names import match_key, name_parts, same_person
from publications.importers.common import Note


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
        for author in publication.authors:
            same = next(
                (
                    other
                    for other in kept
                    if match_key(other.name) == match_key(author.name)
                    or same_person(other.name, author.name, short_forms=True)
                ),
                None,
            )
            if same is None:
                kept.append(author)
                continue
            fuller = _fuller(same.name, author.name)
            alias = author.name if fuller == same.name else same.name
            if fuller != same.name:
                same.name, same.printed = author.name, author.printed
            if alias not in same.aliases and match_key(alias) != match_key(same.name):
                same.aliases.append(alias)
                parsed.merged_on_paper.append((alias, same.name))
        publication.authors = kept


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
    return parsed
