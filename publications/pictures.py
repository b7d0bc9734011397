"""The pictures of profiles, topics and the institute: their data, gathered in a fixed
number of aggregate queries (none on a profile: it reuses the rows its list read),
drawn by core.svg, and written out with their tables as one fragment of HTML.
"""

from collections import Counter
from itertools import combinations

from django.conf import settings
from django.db import connection
from django.db.models import Count, F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import svg
from profiles.models import Person
from publications.models import Authorship, Publication

COAUTHORS_DRAWN = 12
TOP_PEOPLE = 10
NETWORK_EDGES = 150  # the heaviest collaborations drawn among the members shown
LAYOUT_SEED = 19
# One mark per membership group: told apart by shape, not only by colour.
GROUP_SHAPES = dict(zip([*Person.Membership.values, ""], svg.SHAPES, strict=True))


def _publications(count):
    return ngettext("%(count)d publication", "%(count)d publications", count) % {"count": count}


def year_counts(years):
    """[(year, count)] of every year from the first to the last of `years` (an iterable
    of years, None for unknown), the years without publications counted as 0."""
    counted = Counter(year for year in years if year is not None)
    if not counted:
        return []
    return [(year, counted[year]) for year in range(min(counted), max(counted) + 1)]


def year_chart(counts, *, ident, whose):
    """The SVG of publications per year ([(year, count)], not empty); `whose` names them."""
    busiest = max(counts, key=lambda pair: (pair[1], pair[0]))
    desc = _(
        "%(whose)s: publications per year from %(first)s to %(last)s; "
        "the most, %(most)s, in %(busiest)s."
    ) % {
        "whose": whose,
        "first": counts[0][0],
        "last": counts[-1][0],
        "most": busiest[1],
        "busiest": busiest[0],
    }
    bars = [
        svg.Bar(str(year), count, tip=f"{year}: {_publications(count)}") for year, count in counts
    ]
    return svg.column_chart(bars, ident=ident, title=_("Publications per year"), desc=desc)


def _profile_url(slug):
    return reverse("profiles:person-detail", args=[slug])


def profile_pictures(person, listing, coauthors):
    """The HTML of a profile's pictures, from the Rows its list read and its
    [(Author, shared)] co-authors, most frequent first: no query."""
    counts = year_counts(row.year for row in listing.rows)
    drawn = coauthors[:COAUTHORS_DRAWN]
    network, pairs = _coauthor_network(person, listing, drawn) if drawn else ("", [])
    context = {
        "person": person,
        "year_chart": year_chart(counts, ident="profile-years", whose=person.full_name)
        if counts
        else "",
        "year_counts": counts,
        "network": network,
        # Its co-authors are the first rows of the co-author table, so they are not
        # written out twice.
        "network_size": len(drawn),
        "network_pairs": pairs,
    }
    return render_to_string("publications/_profile_pictures.html", context)


def _coauthor_network(person, listing, drawn):
    """(the SVG of `person` amid the `drawn` co-authors, [(name, name, shared)] of the
    co-authors who share some of the person's publications)."""
    keys = {author.pk for author, _shared in drawn}
    between = Counter()
    for byline in listing.bylines.values():
        present = sorted({credit.author.pk for credit in byline} & keys)
        between.update(combinations(present, 2))
    between = sorted(between.items())
    names = {author.pk: author.full_name for author, _shared in drawn}
    nodes = [svg.Node(person.pk, person.full_name, size=1.6, tip=person.full_name)]
    nodes += [
        svg.Node(
            author.pk,
            author.full_name,
            url=_profile_url(author.slug) if author.has_profile else "",
            outside=not author.has_profile,
            shape="circle" if author.has_profile else "square",
            tip=_("%(name)s: %(shared)s with %(person)s")
            % {
                "name": author.full_name,
                "shared": _publications(shared),
                "person": person.full_name,
            },
        )
        for author, shared in drawn
    ]
    edges = [
        svg.Edge(person.pk, author.pk, shared, tip=f"{author.full_name}: {_publications(shared)}")
        for author, shared in drawn
    ]
    edges += [
        svg.Edge(a, b, weight, tip=f"{names[a]}, {names[b]}: {_publications(weight)}")
        for (a, b), weight in between
    ]
    legend = [
        ("circle", "", False, _("member of the institute (link to profile)")),
        ("square", "", True, _("outside co-author")),
    ]
    network = svg.network(
        nodes,
        edges,
        svg.ring_layout(person.pk, [author.pk for author, _shared in drawn]),
        ident="profile-network",
        title=_("Co-author network"),
        desc=_(
            "%(person)s in the middle, joined to the %(count)s most frequent co-authors; "
            "a line between two co-authors means they also publish together; thicker "
            "lines, more shared publications. Members are filled circles linked to their "
            "profiles, outside co-authors dashed squares."
        )
        % {"person": person.full_name, "count": len(drawn)},
        legend=legend,
    )
    return network, [(names[a], names[b], weight) for (a, b), weight in between]


def topic_pictures(topic):
    """The HTML of a topic's pictures: its publications per year and the members with
    most publications in it, in two queries."""
    years = (
        Publication.objects.filter(topics=topic)
        .order_by()
        .values_list("year")
        .annotate(count=Count("id"))
    )
    counts = year_counts(Counter(dict(years)).elements())
    chart = year_chart(counts, ident="topic-years", whose=topic.name) if counts else ""
    people = list(
        Authorship.objects.filter(publication__topics=topic, person__has_profile=True)
        .values("person__full_name", "person__slug", "person__sort_name")
        .annotate(count=Count("publication", distinct=True))
        .order_by("-count", "person__sort_name", "person__slug")[:TOP_PEOPLE]
    )
    bars = [
        svg.Bar(
            person["person__full_name"],
            person["count"],
            url=_profile_url(person["person__slug"]),
            tip=f"{person['person__full_name']}: {_publications(person['count'])}",
        )
        for person in people
    ]
    most_active = svg.bar_list(
        bars,
        ident="topic-people",
        title=_("Most active members"),
        desc=_(
            "The %(count)s members with most publications on %(topic)s, "
            "each bar as long as their number of publications."
        )
        % {"count": len(bars), "topic": topic.name},
    )
    context = {
        "year_chart": chart,
        "year_counts": counts,
        "people_chart": most_active if bars else "",
        "people_rows": [(bar.label, bar.url, bar.value) for bar in bars],
    }
    return render_to_string("publications/_topic_pictures.html", context)


def most_collaborative(limit):
    """[{person_id, person__full_name, person__slug, person__membership, shared}] of the
    `limit` members with most bylines shared with other members, most first.

    Each member on a publication shares it with the other members on it: a window
    count per publication, summed per member, reads the bylines once (0.9 s on
    2,000,000 bylines) where the self-join of bylines on their publication took 2.6 s.
    """
    authorship, person = Authorship._meta.db_table, Person._meta.db_table
    sql = f"""
        SELECT p.id, p.full_name, p.slug, p.membership, counted.shared FROM (
            SELECT person_id, SUM(members - 1) AS shared FROM (
                SELECT a.person_id, COUNT(*) OVER (PARTITION BY a.publication_id) AS members
                FROM {authorship} a JOIN {person} p ON p.id = a.person_id
                WHERE p.has_profile = %s
            ) bylines
            WHERE members > 1 GROUP BY person_id ORDER BY shared DESC, person_id LIMIT %s
        ) counted JOIN {person} p ON p.id = counted.person_id
        ORDER BY counted.shared DESC, p.id"""
    keys = ("person_id", "person__full_name", "person__slug", "person__membership", "shared")
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, limit])
        return [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]


def institute_network():
    """{svg, members, pairs}: the NETWORK_MEMBERS most collaborative members and the
    heaviest collaborations among them, in two queries."""
    chosen = most_collaborative(settings.NETWORK_MEMBERS)
    ids = [member["person_id"] for member in chosen]
    other = "publication__authorships__person_id"
    # Each pair once (a < b), both ends among the chosen, in one filter(): so that
    # every condition on the other byline is on the same join.
    pairs = list(
        Authorship.objects.filter(
            person_id__in=ids,
            publication__authorships__person_id__in=ids,
            publication__authorships__person_id__gt=F("person_id"),
        )
        .order_by()
        .values_list("person_id", other)
        .annotate(weight=Count("*"))
        .order_by("-weight", "person_id", other)[:NETWORK_EDGES]
    )
    return _drawn_network(chosen, pairs)


def _drawn_network(chosen, pairs):
    groups = dict(Person.Membership.choices)
    unnamed = _("no membership group")
    names = {member["person_id"]: member["person__full_name"] for member in chosen}
    edges = [
        svg.Edge(a, b, weight, tip=f"{names[a]}, {names[b]}: {_publications(weight)}")
        for a, b, weight in pairs
    ]
    nodes = [
        svg.Node(
            member["person_id"],
            member["person__full_name"],
            url=_profile_url(member["person__slug"]),
            shape=GROUP_SHAPES[member["person__membership"]],
            group=member["person__membership"] or "none",
            tip=f"{member['person__full_name']}, "
            f"{groups.get(member['person__membership'], unnamed)}",
        )
        for member in chosen
    ]
    present = {member["person__membership"] for member in chosen}
    legend = [
        (GROUP_SHAPES[value], value or "none", False, groups.get(value, unnamed))
        for value in [*Person.Membership.values, ""]
        if value in present
    ]
    positions = svg.spring_layout(names, edges, seed=LAYOUT_SEED)
    drawing = svg.network(
        nodes,
        edges,
        positions,
        ident="institute-network",
        title=_("Collaboration network of the institute"),
        desc=_(
            "The %(count)s members who publish most with other members; a line joins two "
            "who share publications, thicker for more. Each membership group has its own "
            "shape, named in the legend."
        )
        % {"count": len(nodes)},
        wide=True,
        legend=legend,
    )
    members = [
        {
            "name": member["person__full_name"],
            "url": _profile_url(member["person__slug"]),
            "group": groups.get(member["person__membership"], ""),
            "shared": member["shared"],
        }
        for member in chosen
    ]
    table = [(names[a], names[b], weight) for a, b, weight in pairs]
    return {"svg": drawing if nodes else "", "members": members, "pairs": table}
