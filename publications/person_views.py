"""A person's publications of one year: where the profile's older years live."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from profiles.models import Person
from publications.export_views import moved_person
from publications.person_publications import year_address, year_publications, year_url


def person_year(request, slug, year=None):
    """The publications of `slug` in `year` (None: those with no year), with links to
    the person's other years."""
    person = Person.objects.filter(slug=slug).first()
    if person is None:
        url_name, args = year_address(year)
        return moved_person(slug, url_name, *args)
    if not person.has_profile:
        raise Http404("This person has no public profile.")
    listing = year_publications(request, person, year)
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
        "canonical": year_url(person.slug, year),
        "listing": listing,
        # The years run newest first: the newer one is before this one.
        "newer": years[at - 1] if at > 0 else False,
        "older": years[at + 1] if at + 1 < len(years) else False,
    }
    return render(request, "publications/person_year.html", context)
