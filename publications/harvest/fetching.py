"""Ask each source for one person's works, by the identifiers the directory holds."""

from django.utils.translation import gettext_lazy

from publications.harvest.models import Source
from publications.harvest.sources.arxiv import ArxivClient
from publications.harvest.sources.crossref import CrossrefClient
from publications.harvest.sources.dblp import DblpClient
from publications.harvest.sources.http import SourceError
from publications.harvest.sources.openalex import OpenAlexClient
from publications.harvest.sources.orcid import OrcidClient


def _orcid(person, profile):
    with OrcidClient() as orcid:
        works = orcid.works(person.orcid)
    # ORCID often lists a work by its DOI alone; Crossref has its byline.
    bare = [work for work in works if work.doi and not work.authors]
    if bare:
        with CrossrefClient() as crossref:
            for work in bare:
                try:
                    found = crossref.work(work.doi)
                except SourceError:
                    found = None
                if found:
                    work.authors, work.full_byline = found.authors, found.full_byline
                    work.venue = work.venue or found.venue
    return works


def _openalex(person, profile):
    with OpenAlexClient() as client:
        return client.works_by_author(
            orcid=person.orcid, openalex_id=profile.openalex_id if profile else ""
        )


def _crossref(person, profile):
    with CrossrefClient() as client:
        return client.works_by_orcid(person.orcid)


def _arxiv(person, profile):
    with ArxivClient() as client:
        return client.search(author=profile.arxiv_author)


def _dblp(person, profile):
    with DblpClient() as client:
        return client.person(profile.dblp_pid)


def _has_openalex(person, profile):
    return bool(person.orcid or (profile and profile.openalex_id))


# Source -> (what it needs, said when missing; whether the person has it; the fetch).
FETCHERS = {
    Source.ORCID: (gettext_lazy("an ORCID iD"), lambda person, profile: bool(person.orcid), _orcid),
    Source.OPENALEX: (
        gettext_lazy("an ORCID iD or an OpenAlex author id"),
        _has_openalex,
        _openalex,
    ),
    Source.CROSSREF: (
        gettext_lazy("an ORCID iD"),
        lambda person, profile: bool(person.orcid),
        _crossref,
    ),
    Source.ARXIV: (
        gettext_lazy("an arXiv author query"),
        lambda person, profile: bool(profile and profile.arxiv_author),
        _arxiv,
    ),
    Source.DBLP: (
        gettext_lazy("a DBLP person id"),
        lambda person, profile: bool(profile and profile.dblp_pid),
        _dblp,
    ),
}


def fetch_works(source, person):
    """The source's records for the person, or None when the person has no identifier
    the source can use. Raises SourceError when the source fails."""
    profile = getattr(person, "harvest", None)
    _, usable, fetch = FETCHERS[source]
    if not usable(person, profile):
        return None
    return fetch(person, profile)
