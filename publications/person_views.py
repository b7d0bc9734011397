"""A person's publications of one year: where the profile's older years live."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from profiles.models import Person
from publications.export_views import moved_person
from publications.person_publications import year_address, year_publications, year_url

MAX_PAGE = 10**6


def person_year(request, slug, year=None):
    """The publications of `slug` in `year` (None: those with no year), with links to
    the person's other years."""
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        url_name, args = year_address(year)
        return moved_person(slug, url_name, *args)
    if not person.has_profile:
        raise Http404("This person has no public profile.")
    listing = year_publications(request, person, year, _page_number(request.GET.get("page")))
    if listing is None:
        raise Http404("No publications of this person that year.")
    years = [shown for shown, count in listing["years"]]
    at = years.index(year)
    if year is None:
        heading = _("Publications of %(name)s with no year") % {"name": person.full_name}
    else:
        heading = _("Publications of %(name)s in %(year)s") % {
            "name": person.full_name,
            "year": year,
        }
    context = {
        "person": person,
        "year": year,
        "heading": heading,
        "canonical": _canonical(year_url(person.slug, year), listing["page"]),
        "listing": listing,
        # The years run newest first: the newer one is before this one.
        "newer": years[at - 1] if at > 0 else False,
        "older": years[at + 1] if at + 1 < len(years) else False,
    }
    return render(request, "publications/person_year.html", context)


def _canonical(address, page):
    return f"{address}?page={page.number}" if page.number > 1 else address


def _page_number(asked):
    """The page asked for as a number the cache can key on; 1 for nonsense, as
    Paginator.get_page reads it, and no further than any year could hold."""
    try:
        return min(max(int(asked), 1), MAX_PAGE)
    except (TypeError, ValueError):
        return 1
