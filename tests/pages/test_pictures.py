"""The pictures of a profile, a topic and the institute, read by parsing their SVG:
the right bars, nodes and links for known data, the same data in their tables, and
a fixed number of queries at any size."""

import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_person, make_publication
from tests.pages.test_pages_accessibility import contrast
from tests.support.pictures_data import busy_institute, picture_institute

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def pictures(html):
    """{class after "picture-": the parsed <svg>}; parsing fails on any unescaped text."""
    found = {}
    for source in re.findall(r"<svg .*?</svg>", html, flags=re.S):
        svg = ET.fromstring(source)
        kind = svg.get("class").split()[1].removeprefix("picture-")
        assert kind not in found, kind
        found[kind] = svg
    return found


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return pictures(html), BeautifulSoup(html, "html.parser")


def text(element):
    return "".join(element.itertext())


def columns(svg):
    """([(what its tooltip says, height)] of a column chart's bars, [labels]), left to right."""
    bars = [
        (text(bar.find(f"{SVG}title")), float(bar.get("height")))
        for bar in svg.findall(f"{SVG}rect")
    ]
    return bars, [label.text for label in svg.findall(f"{SVG}text[@class='picture-label']")]


def assert_named(svg):
    """Titled and described, through the ids it points at."""
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == title.get("id")
    assert svg.get("aria-describedby") == desc.get("id")
    assert title.text and desc.text
    assert svg.get("role") in {"img", "group"}
    assert "style" not in {attribute for node in svg.iter() for attribute in node.attrib}


def table_rows(soup, summary):
    details = next(d for d in soup.select("details.picture-data") if summary in d.summary.text)
    return [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in details.select("tbody tr")
    ]


def coauthor_rows(soup):
    table = soup.select_one("table#coauthor-table")
    return [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in table.select("tbody tr")
    ]


def test_a_profile_charts_its_publications_per_year_in_proportion(client):
    data = picture_institute()
    found, soup = page(client, data["ada"].get_absolute_url())
    chart = found["columns"]
    assert_named(chart)
    assert chart.get("role") == "img"
    bars, labels = columns(chart)
    # Every year from the first to the last, the undated note left out.
    assert [tip for tip, _ in bars] == [
        "2019: 1 publication",
        "2020: 0 publications",
        "2021: 2 publications",
        "2022: 0 publications",
        "2023: 0 publications",
        "2024: 1 publication",
    ]
    assert labels == ["2019", "2020", "2021", "2022", "2023", "2024"]
    heights = [height for _, height in bars]
    assert heights[2] > 0
    assert [height / heights[2] for height in heights] == [0.5, 0, 1, 0, 0, 0.5]
    assert table_rows(soup, "Publications per year") == [
        ["2019", "1"],
        ["2020", "0"],
        ["2021", "2"],
        ["2022", "0"],
        ["2023", "0"],
        ["2024", "1"],
    ]


def nodes(svg):
    """{label or title: (the node's <g>, its link or None)} of a network."""
    found = {}
    for node in svg.iter(f"{SVG}g"):
        if node.get("class") != "picture-node":
            continue
        link = node.find(f"{SVG}a")
        name = link.get("aria-label") if link is not None else text(node.find(f"{SVG}title"))
        found[name.split(":")[0].split(",")[0]] = (node, link)
    return found


def edges(svg):
    """{frozenset of the two names: the weight written on the line}."""
    found = {}
    for line in svg.iter(f"{SVG}line"):
        if line.get("class") != "picture-edge":
            continue
        names, weight = text(line.find(f"{SVG}title")).rsplit(": ", 1)
        found[frozenset(names.split(", "))] = int(weight.split()[0])
    return found


def test_a_profile_draws_its_co_authors_members_linked_and_outsiders_apart(client):
    data = picture_institute()
    found, soup = page(client, data["ada"].get_absolute_url())
    network = found["network"]
    assert_named(network)
    assert network.get("role") == "group"  # its links stay reachable
    drawn = nodes(network)
    outsider = "Charles <b>Babbage</b> & Co"  # escaped, or the SVG would not parse
    assert set(drawn) == {"Ada Lovelace", "Grace Hopper", "Alan Turing", outsider}
    grace, grace_link = drawn["Grace Hopper"]
    assert grace_link.get("href") == data["grace"].get_absolute_url()
    assert drawn["Alan Turing"][1].get("href") == data["alan"].get_absolute_url()
    charles, charles_link = drawn[outsider]
    assert charles_link is None
    # Apart by shape and outline, not only by colour, and its label in italics.
    assert grace.find(f".//{SVG}circle") is not None
    assert charles.find(f".//{SVG}circle") is None
    assert "picture-outside" in charles.find(f"{SVG}rect").get("class")
    assert all("picture-outside" in label.get("class") for label in charles.iter(f"{SVG}text"))
    assert drawn["Ada Lovelace"][1] is None  # the page itself
    # Her edges are her co-authors' shared publications; theirs are among her papers.
    assert edges(network) == {
        frozenset({"Grace Hopper"}): 3,
        frozenset({outsider}): 2,
        frozenset({"Alan Turing"}): 1,
        frozenset({"Grace Hopper", outsider}): 1,
        frozenset({"Alan Turing", "Grace Hopper"}): 1,
    }
    lines = {
        text(line.find(f"{SVG}title")): float(line.get("stroke-width"))
        for line in network.iter(f"{SVG}line")
    }
    assert lines["Grace Hopper: 3 publications"] > lines[f"{outsider}: 2 publications"]
    # Its nodes are the first rows of the co-author table, said once on the page; the
    # network's own table adds the links between them.
    assert coauthor_rows(soup)[: len(drawn) - 1] == [
        ["Grace Hopper", "yes", "3"],
        [outsider, "no, outside co-author", "2"],
        ["Alan Turing", "yes", "1"],
    ]
    details = next(d for d in soup.select("details.picture-data") if "network" in d.summary.text)
    assert details.select_one("a[href='#coauthor-table']").get_text() == "co-author table"
    assert "first 3 rows" in details.p.get_text(" ", strip=True)
    assert soup.select_one("#coauthor-table") is not None
    assert table_rows(soup, "The network as a table") == [
        ["Grace Hopper", "Alan Turing", "1"],
        ["Grace Hopper", outsider, "1"],
    ]
    assert soup.get_text().count("no, outside co-author") == 1


def test_a_profile_without_co_authors_or_years_draws_no_empty_picture(client):
    picture_institute()
    lonely = make_person("Lonely Scholar", has_profile=True)
    make_publication("Alone and undated", authors=[lonely])
    found, _ = page(client, lonely.get_absolute_url())
    assert found == {}


def test_a_topic_charts_its_years_and_its_most_active_members(client):
    data = picture_institute()
    found, soup = page(client, data["graphs"].get_absolute_url())
    years, people = found["columns"], found["bars"]
    assert_named(years)
    assert_named(people)
    bars, labels = columns(years)
    assert labels == ["2021", "2022", "2023", "2024"]
    heights = [height for _, height in bars]
    assert heights[0] == heights[1] == heights[3] > 0 == heights[2]
    rows = []
    for row in people.iter(f"{SVG}g"):
        link = row.find(f"{SVG}a")
        rows.append(
            (
                text(link.find(f"{SVG}text")),
                link.get("href"),
                float(link.find(f"{SVG}rect").get("width")),
            )
        )
    assert rows[0][:2] == ("Grace Hopper", data["grace"].get_absolute_url())
    assert {name for name, _, _ in rows[1:]} == {"Ada Lovelace", "Alan Turing"}
    assert rows[1][2] == rows[2][2] == pytest.approx(rows[0][2] * 2 / 3, abs=0.1)
    table = table_rows(soup, "Most active members")
    assert [row[0] for row in table] == [name for name, _, _ in rows]
    assert [row[1] for row in table] == ["3", "2", "2"]
    links = soup.select("details.picture-data tbody a")
    assert [a["href"] for a in links] == [href for _, href, _ in rows]


def test_the_institute_network_weighs_collaborations_and_tells_groups_apart(client):
    data = picture_institute()
    found, soup = page(client, reverse("publications:network"))
    network = found["network"]
    assert_named(network)
    drawn = nodes(network)
    assert set(drawn) == {"Ada Lovelace", "Grace Hopper", "Alan Turing"}  # members only
    for name, person in [
        ("Ada Lovelace", "ada"),
        ("Grace Hopper", "grace"),
        ("Alan Turing", "alan"),
    ]:
        assert drawn[name][1].get("href") == data[person].get_absolute_url()
    assert edges(network) == {
        frozenset({"Ada Lovelace", "Grace Hopper"}): 3,
        frozenset({"Grace Hopper", "Alan Turing"}): 2,
        frozenset({"Ada Lovelace", "Alan Turing"}): 1,
    }
    shapes = {
        name: next(iter(node.find(f"{SVG}a"))).get("data-shape")
        for name, (node, _) in drawn.items()
    }
    assert len(set(shapes.values())) == 3  # three groups, three shapes
    legend = {
        text(entry.find(f"{SVG}text")): next(iter(entry)).get("data-shape")
        for entry in network.iter(f"{SVG}g")
        if entry.get("class") == "picture-legend"
    }
    assert legend == {
        "Core Academic Member": shapes["Ada Lovelace"],
        "Postdoctoral Researcher": shapes["Grace Hopper"],
        "PhD Student": shapes["Alan Turing"],
    }
    assert table_rows(soup, "The network as tables")[:3] == [
        ["Grace Hopper", "Postdoctoral Researcher", "5"],
        ["Ada Lovelace", "Core Academic Member", "4"],
        ["Alan Turing", "PhD Student", "3"],
    ]
    nav = soup.find("nav", attrs={"aria-label": "Main"})
    assert nav.find("a", attrs={"aria-current": "page"}).get_text() == "Network"


def test_the_institute_network_shows_the_most_collaborative_members_only(client):
    busy_institute(members=20, publications=120)
    with override_settings(NETWORK_MEMBERS=8):
        found, soup = page(client, reverse("publications:network"))
    assert len(nodes(found["network"])) == 8
    shared = [int(row[2]) for row in table_rows(soup, "The network as tables")[:8]]
    assert shared == sorted(shared, reverse=True)


def test_the_layout_is_the_same_for_the_same_data(client):
    busy_institute(members=20, publications=120)
    first = client.get(reverse("publications:network")).content
    assert client.get(reverse("publications:network")).content == first


def test_the_institute_network_without_collaborations_says_so(client):
    response = client.get(reverse("publications:network"))
    assert response.status_code == 200
    assert pictures(response.content.decode()) == {}
    assert "No two members share a publication yet." in response.content.decode()


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pictures_cost_the_same_queries_on_small_and_larger_data(client):
    small = picture_institute()
    urls = {
        "profile": small["ada"].get_absolute_url(),
        "topic": small["graphs"].get_absolute_url(),
        "network": reverse("publications:network"),
    }
    counts = {name: query_count(client, url) for name, url in urls.items()}
    assert counts["network"] <= 3  # the members, their collaborations (and the version)
    large = busy_institute(members=40, publications=400)
    urls = {
        "profile": large["people"][12].get_absolute_url(),
        "topic": large["topic"].get_absolute_url(),
        "network": reverse("publications:network"),
    }
    assert {name: query_count(client, url) for name, url in urls.items()} == counts


@pytest.mark.usefixtures("fragment_cache")
def test_the_kept_pictures_are_drawn_once_per_content_version(client):
    if connection.vendor != "postgresql":
        pytest.skip("the content version is PostgreSQL's")
    data = picture_institute()
    url = reverse("publications:network")
    first = query_count(client, url)
    assert query_count(client, url) < first
    data["alan"].authorships.all().delete()
    assert edges(pictures(client.get(url).content.decode())["network"]) == {
        frozenset({"Ada Lovelace", "Grace Hopper"}): 3
    }


def test_every_membership_group_has_its_own_shape_in_the_network_and_legend(client):
    busy_institute(members=21, publications=150)  # three members of each of seven groups
    found, _ = page(client, reverse("publications:network"))
    network = found["network"]
    legend = [
        next(iter(entry))
        for entry in network.iter(f"{SVG}g")
        if entry.get("class") == "picture-legend"
    ]
    shapes = {mark.get("class").split()[1]: mark.get("data-shape") for mark in legend}
    assert len(shapes) == 7
    assert len(set(shapes.values())) == 7
    for node, _ in nodes(network).values():
        mark = node.find(f".//{SVG}*[@data-shape]")
        assert shapes[mark.get("class").split()[1]] == mark.get("data-shape")


def palette(css, scheme):
    """The custom properties of a stylesheet's first light (:root) or dark palette."""
    pattern = r":root\s*\{(.*?)\}"
    if scheme == "dark":
        pattern = r"prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{(.*?)\}"
    block = re.search(pattern, css, re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", block))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_picture_colour_stands_out_from_the_page_in_both_schemes(scheme):
    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
    page_colours = palette(css, scheme)
    # The pictures' palette: its own section of the stylesheet, after the site's.
    picture_colours = palette(css[css.index("/* The pictures") :], scheme)
    assert len(picture_colours) == 11
    # WCAG 1.4.11: 3:1 for the parts of a picture needed to understand it.
    weak = {
        name: round(contrast(colour, page_colours["bg"]), 2)
        for name, colour in picture_colours.items()
        if contrast(colour, page_colours["bg"]) < 3
    }
    assert weak == {}
