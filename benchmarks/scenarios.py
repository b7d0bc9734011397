"""What the benchmark requests: each scenario's page or endpoint and its baseline twin.

The data are picked from the database (a person with 500+ publications, one of their
papers), so the same scenarios work on any generated data set. Query counts and
sizes are measured in-process with Django's test client, outside the load.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from profiles.models import Person, Topic
from publications.models import Publication
from publications.templatetags.publication_lists import PUBLICATIONS_PER_PAGE

SEARCH_TERMS = "graph attention"
LIST_FILTER = {"year": 2020, "kind": "conference"}
DEFAULT_PAGE_SIZE = 20


@dataclass
class Scenario:
    name: str
    url: str
    baseline: str  # path and query string on the baseline server
    baseline_params: dict = field(default_factory=dict)
    status: int = 0
    queries: int = 0
    size: int = 0
    etag: str = ""
    skipped: str = ""
    results: dict = field(default_factory=dict)


def prolific_person():
    """The profile holder with the fewest publications among those with 500 or more."""
    return (
        Person.objects.with_profile()
        .annotate(count=Count("authorships"))
        .filter(count__gte=500)
        .order_by("count")
        .values("slug", "full_name", "count")
        .first()
    )


def build():
    person = prolific_person()
    if person is None:
        raise SystemExit("No person with 500+ publications: generate the data first.")
    slug = person["slug"]
    theirs = Publication.objects.filter(authorships__person__slug=slug).values("pk")
    publication = (
        Publication.objects.filter(pk__in=theirs)
        .annotate(n=Count("authorships"))
        .filter(n__gte=5)
        .values("pk", "slug")
        .first()
    )
    # The topic with most publications: the heaviest topic page.
    topic = Topic.objects.annotate(n=Count("publications")).order_by("-n", "pk").first()
    filtered = urlencode(LIST_FILTER)
    return person, [
        Scenario("profile page", f"/en/people/{slug}/", "/person", {"slug": slug}),
        Scenario("profile page (French)", f"/fr/people/{slug}/", "/person", {"slug": slug}),
        Scenario("profile API", f"/api/people/{slug}/", "/person_json", {"slug": slug}),
        Scenario("directory", "/en/", "/directory"),
        Scenario(
            "filtered publication list", f"/en/publications/?{filtered}", "/list", LIST_FILTER
        ),
        Scenario(
            "search",
            f"/en/publications/?{urlencode({'q': SEARCH_TERMS})}",
            "/search",
            {"q": SEARCH_TERMS},
        ),  # fmt: skip
        Scenario(
            "publication page",
            f"/en/publications/{publication['pk']}/{publication['slug']}/",
            "/publication",
            {"id": publication["pk"]},
        ),
        Scenario(
            "topic page",
            topic.get_absolute_url() if topic else "/topics/none/",
            "/topic",
            {"slug": topic.slug if topic else "", "limit": PUBLICATIONS_PER_PAGE},
        ),
        Scenario(
            "institute network", "/en/network/", "/network", {"limit": settings.NETWORK_MEMBERS}
        ),
        Scenario(
            "BibTeX export (500+ entries)",
            f"/en/people/{slug}/publications.bib",
            "/bibtex",
            {"slug": slug},
        ),
    ]


def page_size(response):
    context = getattr(response, "context", None)
    page = context.get("page_obj") if context is not None else None
    return page.paginator.per_page if page is not None else DEFAULT_PAGE_SIZE


def measure(scenario):
    """Status, SQL queries, size and ETag of one request, as a fresh visitor sends it."""
    client = Client(headers={"Cache-Control": "no-cache"})  # the view's work, not the cache's
    client.get(scenario.url)  # warm: the second request is the one that counts
    with CaptureQueriesContext(connection) as queries:
        response = client.get(scenario.url)
    scenario.status = response.status_code
    if response.status_code == 404:
        scenario.skipped = f"{scenario.url} answers 404: not built yet"
        return
    if response.status_code != 200:
        scenario.skipped = f"{scenario.url} answers {response.status_code}"
        return
    scenario.queries = len(queries)
    scenario.size = len(response.content) if not response.streaming else 0
    if response.streaming:
        scenario.size = sum(len(chunk) for chunk in response.streaming_content)
    scenario.etag = response.get("ETag", "")
    scenario.baseline_params.setdefault("limit", page_size(response))
    scenario.baseline += "?" + urlencode(scenario.baseline_params)
