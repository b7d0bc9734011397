"""Every public page, rendered from one small institute, for the HTML and a11y checks."""

import datetime

from django.views.defaults import server_error

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
        "directory": "/",
        "directory-filtered": f"/?q=a&membership=core&topic={data['graphs'].slug}",
        "directory-invalid": "/?membership=emperor",
        "directory-empty": "/?q=zzz",
        "directory-alumni": "/?status=alumni&sort=activity&affiliation=Analytical+Engine+Lab",
        "profile-alumni": alumnus.get_absolute_url(),
        "profile": data["ada"].get_absolute_url(),
        "profile-bare": data["grace"].get_absolute_url(),
        "publications": "/publications/",
        "publications-page-2": "/publications/?page=2",
        "publications-filtered": f"/publications/?q=e&year=2024&author={data['grace'].slug}",
        "publications-empty": "/publications/?q=zzz",
        "publications-invalid": "/publications/?q=zzz&year=bad",
        "publications-search": "/publications/?q=compilers+friends",
        "publication": data["new"].get_absolute_url(),
        "publication-bare": data["undated"].get_absolute_url(),
        "topics": "/topics/",
        "topic": data["learning"].get_absolute_url(),
        "not-found": "/no/such/page/",
    }
    pages = []
    for name, url in urls.items():
        response = client.get(url)
        expected = {"not-found": 404, "publications-invalid": 400}.get(name, 200)
        assert response.status_code == expected, url
        pages.append((name, response.content.decode()))
    pages.append(("server-error", server_error(rf.get("/")).content.decode()))
    return pages
