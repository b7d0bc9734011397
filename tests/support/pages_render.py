"""Every public page, rendered from one small institute, for the HTML and a11y checks."""

import datetime

from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from core.i18n import path_in_language
from tests.factories import make_person, make_publication
from tests.support.pages_data import small_institute


def every_page(client, rf):
    """(name, html) for each page and state that a visitor can reach."""
    data = small_institute()
    alumnus = make_person("Alan Turing", has_profile=True, affiliation="Analytical Engine Lab")
    alumnus.membership_periods.create(
        membership="phd", start=datetime.date(2019, 9, 1), end=datetime.date(2023, 6, 30)
    )
    alumnus.membership_periods.create(
        membership="postdoc", start=datetime.date(2023, 7, 1), end=datetime.date(2025, 1, 31)
    )
    alumnus.sync_membership()
    for n in range(26):  # enough for a second page of publications
        make_publication(f"Unattributed report {n}", year=2010)
    urls = {
        "directory": reverse("profiles:directory"),
        "directory-filtered": (
            f"{reverse('profiles:directory')}?q=a&membership=core&topic={data['graphs'].slug}"
        ),
        "directory-invalid": reverse("profiles:directory") + "?membership=emperor",
        "directory-empty": reverse("profiles:directory") + "?q=zzz",
        "directory-alumni": reverse("profiles:directory")
        + "?status=alumni&sort=activity&affiliation=Analytical+Engine+Lab",
        "profile-alumni": alumnus.get_absolute_url(),
        "profile": data["ada"].get_absolute_url(),
        "profile-bare": data["grace"].get_absolute_url(),
        "profile-year": reverse("publications:person-year", args=[data["ada"].slug, 2019]),
        "profile-undated": reverse("publications:person-undated", args=[data["ada"].slug]),
        "publications": reverse("publications:list"),
        "publications-page-2": reverse("publications:list") + "?page=2",
        "publications-filtered": (
            f"{reverse('publications:list')}?q=e&year=2024&author={data['grace'].slug}"
        ),
        "publications-empty": reverse("publications:list") + "?q=zzz",
        "publications-invalid": reverse("publications:list") + "?q=zzz&year=bad",
        "publications-search": reverse("publications:list") + "?q=compilers+friends",
        "publication": data["new"].get_absolute_url(),
        "publication-bare": data["undated"].get_absolute_url(),
        "topics": reverse("profiles:topic-list"),
        "topic": data["learning"].get_absolute_url(),
        "network": reverse("publications:network"),
        "not-found": "/no/such/page/",
    }
    # Each page in French too: its language marks (lang, switcher, alternates) in the markup.
    urls.update({f"{name}-fr": path_in_language(url, "fr") for name, url in urls.items()})
    urls["not-found-fr"] = "/fr/no/such/page/"  # an address without a language is no one's
    pages = []
    for name, url in urls.items():
        response = client.get(url)
        expected = {"not-found": 404, "publications-invalid": 400}.get(
            name.removesuffix("-fr"), 200
        )
        assert response.status_code == expected, url
        pages.append((name, response.content.decode()))
    for suffix, code in (("", "en"), ("-fr", "fr")):
        with translation.override(code):
            pages.append((f"server-error{suffix}", server_error(rf.get("/")).content.decode()))
    return pages
