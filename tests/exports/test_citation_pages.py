"""Citation metadata in pages: Highwire tags, JSON-LD read by pyld, page metadata, Cite control."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import translation
from pyld import jsonld

from publications.models import Publication
from tests.factories import make_person, make_publication, make_topic
from tests.support.citation_helpers import accented_publication, import_seed, many_publications

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"
# The tests run offline: a local stand-in for the schema.org context, with its
# @vocab and the link-valued terms used here, is served to pyld instead.
SCHEMA_CONTEXT = {
    "@context": {
        "@vocab": SCHEMA,
        "url": {"@type": "@id"},
        "sameAs": {"@type": "@id"},
        "image": {"@type": "@id"},
        "contentUrl": {"@type": "@id"},
    }
}


def schema_org_loader(url, options=None):
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def json_ld(soup):
    """Every JSON-LD block of a page, expanded by pyld."""
    scripts = soup.find_all("script", type="application/ld+json")
    return [
        jsonld.expand(json.loads(script.string), {"documentLoader": schema_org_loader})[0]
        for script in scripts
    ]


def values(node, term):
    return [value.get("@value", value.get("@id")) for value in node.get(SCHEMA + term, [])]


def meta(soup, name):
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def test_a_publication_page_carries_google_scholar_highwire_tags(client):
    publication = accented_publication()
    soup = page(client, publication.get_absolute_url())
    assert meta(soup, "citation_title") == [publication.title]
    assert meta(soup, "citation_author") == [
        "Veličković, Petar",
        "Trzciński, Tomasz",
        "von Oswald, Johannes",
    ]
    assert meta(soup, "citation_publication_date") == ["2025/06/05"]
    assert meta(soup, "citation_journal_title") == ["Journal of Machine Learning Research"]
    assert meta(soup, "citation_doi") == ["10.1000/xyz_123"]
    assert meta(soup, "citation_arxiv_id") == ["2506.05233"]
    assert meta(soup, "citation_pdf_url") == ["https://example.org/mesanet.pdf"]
    assert meta(soup, "citation_abstract") == [publication.abstract]


@pytest.mark.parametrize(
    ("kind", "tag"),
    [("conference", "citation_conference_title"), ("thesis", "citation_dissertation_institution")],
)
def test_the_venue_tag_follows_the_kind(client, kind, tag):
    publication = make_publication(authors=[make_person()], kind=kind, venue="NeurIPS 2024")
    assert meta(page(client, publication.get_absolute_url()), tag) == ["NeurIPS 2024"]


def test_a_publication_page_has_a_scholarly_article_that_pyld_reads(client):
    publication = accented_publication()
    [article] = json_ld(page(client, publication.get_absolute_url()))
    assert article["@type"] == [SCHEMA + "ScholarlyArticle"]
    assert article["@id"].endswith(publication.get_absolute_url())
    assert values(article, "headline") == [publication.title]
    assert values(article, "datePublished") == ["2025-06-05"]
    assert values(article, "abstract") == [publication.abstract]
    [authors] = article[SCHEMA + "author"]
    names = [values(author, "name")[0] for author in authors["@list"]]
    assert names == ["Petar Veličković", "Tomasz Trzciński", "Johannes von Oswald"]
    assert [values(author, "familyName") for author in authors["@list"]][2] == ["von Oswald"]
    # Only people with a public profile get a link.
    assert [bool(values(author, "url")) for author in authors["@list"]] == [True, False, True]
    identifiers = {
        values(node, "propertyID")[0]: values(node, "value")[0]
        for node in article[SCHEMA + "identifier"]
    }
    assert identifiers == {"DOI": "10.1000/xyz_123", "arXiv": "2506.05233"}
    assert "https://doi.org/10.1000/xyz_123" in values(article, "sameAs")
    [container] = article[SCHEMA + "isPartOf"]
    assert container["@type"] == [SCHEMA + "Periodical"]
    assert values(container, "name") == ["Journal of Machine Learning Research"]


def test_a_profile_page_has_a_person_that_pyld_reads(client):
    person = make_person(
        "Johannes von Oswald",
        has_profile=True,
        position="Research Scientist",
        affiliation="Université de Montréal",
        membership="affiliate",
        orcid="0000-0002-1825-0097",
        homepage="https://example.org/johannes",
        github="jvoswald",
        portrait="portraits/johannes.jpg",
    )
    person.topics.add(make_topic("Sequence Modeling"), make_topic("Optimisation"))
    soup = page(client, person.get_absolute_url())
    [data] = json_ld(soup)
    assert data["@type"] == [SCHEMA + "Person"]
    assert values(data, "name") == ["Johannes von Oswald"]
    assert values(data, "jobTitle") == ["Research Scientist"]
    [affiliation] = data[SCHEMA + "affiliation"]
    assert affiliation["@type"] == [SCHEMA + "Organization"]
    assert values(affiliation, "name") == ["Université de Montréal"]
    [role] = data[SCHEMA + "memberOf"]
    assert values(role, "roleName") == ["Affiliate Member"]
    assert sorted(values(data, "knowsAbout")) == ["Optimisation", "Sequence Modeling"]
    assert values(data, "sameAs") == [
        "https://orcid.org/0000-0002-1825-0097",
        "https://example.org/johannes",
        "https://github.com/jvoswald",
    ]
    image = "http://testserver/media/portraits/johannes.jpg"
    assert values(data, "image") == [image]
    assert soup.find("meta", property="og:image")["content"] == image


def test_json_ld_cannot_close_its_script_element(client):
    publication = make_publication(
        title="</script><script>alert(1)</script> & more", authors=[make_person()]
    )
    response = client.get(publication.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    [article] = json_ld(BeautifulSoup(html, "html.parser"))
    assert values(article, "headline") == [publication.title]


@pytest.mark.parametrize("name", ["profiles:directory", "publications:list", "profiles:topic-list"])
def test_every_page_has_a_description_canonical_url_and_open_graph_tags(client, name):
    path = reverse(name)
    soup = page(client, path)
    assert soup.title.string.strip()
    assert meta(soup, "description")[0]
    assert soup.find("link", rel="canonical")["href"] == f"http://testserver{path}"
    properties = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=True)}
    assert {"og:title", "og:description", "og:type", "og:url", "og:site_name"} <= set(properties)
    assert properties["og:url"] == f"http://testserver{path}"
    feed = soup.find("link", rel="alternate", type="application/atom+xml")
    assert feed["href"] == reverse("publications:feed")


def test_detail_pages_describe_themselves(client):
    person = make_person("Ada Lovelace", has_profile=True, position="Analyst")
    publication = make_publication("Notes", authors=[person], abstract="On engines " * 40)
    topic = make_topic("Engines")
    for url, title in [
        (person.get_absolute_url(), "Ada Lovelace"),
        (publication.get_absolute_url(), "Notes"),
        (topic.get_absolute_url(), "Engines"),
    ]:
        soup = page(client, url)
        assert soup.find("meta", property="og:title")["content"] == title
        assert soup.find("link", rel="canonical")["href"] == f"http://testserver{url}"
        assert len(meta(soup, "description")[0]) <= 160
    person_feed = page(client, person.get_absolute_url()).find_all(
        "link", rel="alternate", type="application/atom+xml"
    )
    assert reverse("publications:person-feed", args=["ada-lovelace"]) in [
        link["href"] for link in person_feed
    ]


def test_the_cite_control_shows_an_apa_reference_and_download_links(client):
    publication = accented_publication()
    soup = page(client, publication.get_absolute_url())
    cite = soup.find("section", class_="cite")
    assert cite.h2.string == "Cite"
    reference = cite.find("p", class_="reference")
    assert reference.get_text().startswith(
        "Veličković, P., Trzciński, T., & Oswald, J. von. (2025). MesaNet: Sequence Modeling"
    )
    assert reference.find("i").get_text() == "Journal of Machine Learning Research"
    assert "https://doi.org/10.1000/xyz_123" in reference.get_text()
    links = {a.get_text(): a["href"] for a in cite.find_all("a", download=True)}
    assert links == {
        "BibTeX": reverse("publications:cite", args=[publication.pk, "bib"]),
        "RIS": reverse("publications:cite", args=[publication.pk, "ris"]),
        "CSL-JSON": reverse("publications:cite", args=[publication.pk, "json"]),
    }
    for href in links.values():
        assert client.get(href).status_code == 200


def test_the_reference_speaks_the_page_s_language_and_is_kept_per_language(client):
    publication = make_publication(
        title="Compilers",
        kind="conference",
        date=datetime.date(2024, 3, 5),
        authors=[make_person()],
    )

    def reference(language):
        with translation.override(language):
            url = publication.get_absolute_url()
        return page(client, url).find("p", class_="reference").get_text()

    # Each visit after the first is answered from what the first kept (core.caching.memoised).
    for language, date in [("en", "(2024, March 5)"), ("fr", "(2024, mars 5)")] * 2:
        assert date in reference(language), language


def test_the_formatted_reference_escapes_what_it_shows(client):
    publication = make_publication(title="<img src=x onerror=alert(1)>", authors=[make_person()])
    soup = page(client, publication.get_absolute_url())
    reference = soup.find("p", class_="reference")
    assert reference.find("img") is None
    assert "<img src=x onerror=alert(1)>" in reference.get_text()


def test_list_and_profile_pages_link_their_exports(client):
    person = make_person("Ada Lovelace", has_profile=True)
    make_publication(authors=[person])
    links = [
        a["href"]
        for a in page(client, reverse("publications:list") + "?q=engine&year=1843").select(
            ".exports a"
        )
    ]
    assert reverse("publications:export", args=["bib"]) + "?q=engine&year=1843" in links
    links = [a["href"] for a in page(client, person.get_absolute_url()).select(".exports a")]
    assert links == [
        reverse("publications:person-export", args=["ada-lovelace", "bib"]),
        reverse("publications:person-export", args=["ada-lovelace", "ris"]),
        reverse("publications:person-export", args=["ada-lovelace", "json"]),
        reverse("publications:person-feed", args=["ada-lovelace"]),
    ]


def test_the_seed_profile_pages_carry_their_metadata(client):
    person = import_seed()
    [data] = json_ld(page(client, person.get_absolute_url()))
    assert values(data, "name") == [person.full_name]
    assert len(values(data, "knowsAbout")) == person.topics.count()
    for publication in Publication.objects.filter(authorships__person=person):
        soup = page(client, publication.get_absolute_url())
        names = [a.printed_name for a in publication.authorships.all()]
        assert len(meta(soup, "citation_author")) == len(names)
        [article] = json_ld(soup)
        [authors] = article[SCHEMA + "author"]
        assert len(authors["@list"]) == len(names)


@pytest.mark.parametrize("count", [1, 30])
def test_pages_with_metadata_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    person = many_publications(count)
    publication = person.authorships.first().publication
    with django_assert_max_num_queries(4):
        page(client, publication.get_absolute_url())
    # The publications (six) and similar researchers (four, publications/similar.py).
    with django_assert_max_num_queries(10):
        page(client, person.get_absolute_url())


def test_the_formatted_reference_follows_every_edit(client):
    """References are kept in the cache under a hash of what they are made of."""
    author = make_person("Ada Lovelace")
    publication = make_publication(title="Notes on the engine", authors=[author], year=1843)
    for _ in range(2):  # the second answer comes from the cache
        reference = page(client, publication.get_absolute_url()).find("p", class_="reference")
        assert "Notes on the engine" in reference.get_text()
        assert "Lovelace, A." in reference.get_text()
    publication.title = "Sketch of the analytical engine"
    publication.save()
    publication.authorships.update(name_as_printed="Ada King")
    reference = page(client, publication.get_absolute_url()).find("p", class_="reference")
    assert "Sketch of the analytical engine" in reference.get_text()
    assert "King, A." in reference.get_text()
    assert "Lovelace" not in reference.get_text()


def test_a_cache_that_is_down_costs_no_answer(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    publication = make_publication(title="Notes on the engine", authors=[make_person()])
    reference = page(client, publication.get_absolute_url()).find("p", class_="reference")
    assert "Notes on the engine" in reference.get_text()
