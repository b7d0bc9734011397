"""Small SVG pictures written on the server: column charts, bar lists and networks.

Every text is escaped. Colours come from classes styled in static/css/pictures.css:
the CSP forbids style= attributes, and dark mode changes the colours. Each picture
is named by its <title> and described by its <desc>; the page shows the same data
as a table beside it.
"""

import math
from dataclasses import dataclass

import networkx
from django.utils.formats import number_format
from django.utils.html import escape

# viewBox widths: the profile's side column is 20rem, a phone about 22rem.
NARROW = 320
WIDE = 720
FONT = 11  # px of the viewBox: 11 to 12 CSS pixels at the widths shown
SHAPES = (
    "circle",
    "square",
    "diamond",
    "triangle",
    "triangle-down",
    "hexagon",
    "cross",
    "pentagon",
)


def _regular(sides, turn):
    return [
        (math.cos(a), math.sin(a)) for a in (2 * math.pi / sides * n + turn for n in range(sides))
    ]


# The corners of each polygon mark, in multiples of its radius.
_CORNERS = {
    "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
    "triangle": [(0, -1.4), (1.25, 0.85), (-1.25, 0.85)],
    "triangle-down": [(0, 1.4), (1.25, -0.85), (-1.25, -0.85)],
    "hexagon": _regular(6, math.pi / 6),
    "pentagon": [(1.15 * x, 1.15 * y) for x, y in _regular(5, -math.pi / 2)],
    "cross": [
        (-0.4, -1.2), (0.4, -1.2), (0.4, -0.4), (1.2, -0.4), (1.2, 0.4), (0.4, 0.4),
        (0.4, 1.2), (-0.4, 1.2), (-0.4, 0.4), (-1.2, 0.4), (-1.2, -0.4), (-0.4, -0.4),
    ],
}  # fmt: skip


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str = ""
    tip: str = ""  # what a pointer over the bar reads; the label and value by default


@dataclass(frozen=True)
class Node:
    key: object
    label: str
    url: str = ""
    shape: str = "circle"
    group: str = ""  # a class name, member-group-<group>
    size: float = 1.0  # 1 to 2: the node's radius in multiples of the smallest
    outside: bool = False  # drawn as a dashed outline, its label in italics
    tip: str = ""


@dataclass(frozen=True)
class Edge:
    a: object
    b: object
    weight: int
    tip: str = ""


def _f(number):
    return f"{number:.1f}".removesuffix(".0")


def _open(ident, kind, width, height, title, desc, *, linked):
    # role="img" hides children from assistive technology: a picture with links is a
    # group, whose links stay reachable and named.
    role = "group" if linked else "img"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="picture picture-{kind}" '
        f'viewBox="0 0 {width} {height}" role="{role}" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(desc)}</desc>'
    )


def _linked(url, inner, label):
    if not url:
        return inner
    return f'<a href="{escape(url)}" aria-label="{escape(label)}">{inner}</a>'


def _count(value):
    """A bar's value as text: grouped in the active language ("1,234", "1 234")."""
    return number_format(value, force_grouping=True)


def column_chart(bars, *, ident, title, desc, height=150):
    """An SVG of one column per bar, heights proportional to the values, labels below."""
    bars = list(bars)
    width, top, bottom, left = NARROW, 18, 20, 4
    plot = height - top - bottom
    most = max((bar.value for bar in bars), default=0) or 1
    slot = (width - 2 * left) / max(len(bars), 1)
    gap = min(slot * 0.2, 4)
    # A label every `step` columns, so that they never overlap.
    step = max(1, math.ceil(len(bars) * 4 * FONT * 0.6 / (width - 2 * left)))
    parts = [_open(ident, "columns", width, height, title, desc, linked=False)]
    parts.append(
        f'<line class="picture-axis" x1="{left}" y1="{top + plot}" '
        f'x2="{width - left}" y2="{top + plot}"/>'
    )
    for index, bar in enumerate(bars):
        x = left + index * slot
        bar_height = plot * bar.value / most
        y = top + plot - bar_height
        tip = bar.tip or f"{bar.label}: {_count(bar.value)}"
        parts.append(
            f'<rect class="picture-bar" x="{_f(x + gap / 2)}" y="{_f(y)}" '
            f'width="{_f(slot - gap)}" height="{_f(bar_height)}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        centre = _f(x + slot / 2)
        if bar.value == most:
            parts.append(
                f'<text class="picture-value" x="{centre}" y="{_f(y - 4)}" '
                f'text-anchor="middle">{_count(bar.value)}</text>'
            )
        if index % step == 0 or index == len(bars) - 1 and index % step >= step / 2:
            # Kept inside the picture: a label is wider than a narrow column.
            half = len(bar.label) * FONT * 0.3
            where = min(max(x + slot / 2, half), width - half)
            parts.append(
                f'<text class="picture-label" x="{_f(where)}" y="{height - 5}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def bar_list(bars, *, ident, title, desc):
    """An SVG of one labelled horizontal bar per row, each label a link when it has one."""
    bars = list(bars)
    width, row, left = NARROW, 32, 2
    height = max(len(bars), 1) * row + 4
    room = width - left - 34  # the value is written after the bar
    most = max((bar.value for bar in bars), default=0) or 1
    linked = any(bar.url for bar in bars)
    parts = [_open(ident, "bars", width, height, title, desc, linked=linked)]
    for index, bar in enumerate(bars):
        y = index * row + 4
        length = max(room * bar.value / most, 2)
        tip = bar.tip or f"{bar.label}: {_count(bar.value)}"
        inner = (
            f'<text class="picture-label picture-name" x="{left}" y="{y + FONT}">'
            f"{escape(_short(bar.label, 44))}</text>"
            f'<rect class="picture-bar" x="{left}" y="{y + 15}" width="{_f(length)}" height="10">'
            f"<title>{escape(tip)}</title></rect>"
            f'<text class="picture-value" x="{_f(left + length + 5)}" y="{y + 24}">'
            f"{_count(bar.value)}</text>"
        )
        parts.append(f'<g class="picture-row">{_linked(bar.url, inner, tip)}</g>')
    parts.append("</svg>")
    return "".join(parts)


def ring_layout(centre, others):
    """{key: (x, y)} in [0, 1]: `centre` in the middle, `others` around it in order."""
    positions = {centre: (0.5, 0.5)}
    count = len(others)
    for index, key in enumerate(others):
        # From the top, clockwise: the most frequent co-author is first at twelve o'clock.
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        positions[key] = (0.5 + 0.5 * math.cos(angle), 0.5 + 0.5 * math.sin(angle))
    return positions


def spring_layout(keys, edges, *, seed):
    """{key: (x, y)} in [0, 1]: a force-directed layout, the same for the same data."""
    graph = networkx.Graph()
    graph.add_nodes_from(sorted(keys))
    graph.add_weighted_edges_from(sorted((edge.a, edge.b, edge.weight) for edge in edges))
    if len(graph) < 2:
        return {key: (0.5, 0.5) for key in graph}
    spread = 1.6 / math.sqrt(len(graph))  # farther apart than the default: room for labels
    found = networkx.spring_layout(graph, seed=seed, k=spread, iterations=100)
    xs = [float(point[0]) for point in found.values()]
    ys = [float(point[1]) for point in found.values()]

    def scaled(value, low, high):
        return 0.5 if high == low else (value - low) / (high - low)

    return {
        key: (scaled(float(x), min(xs), max(xs)), scaled(float(y), min(ys), max(ys)))
        for key, (x, y) in found.items()
    }


def network(nodes, edges, positions, *, ident, title, desc, wide=False, legend=()):
    """An SVG of `nodes` at `positions` ({key: (x, y)} in [0, 1]) joined by `edges`,
    each stroke as wide as its weight allows; nodes with a url are links.

    `legend` is [(shape, group, outside, label)], drawn under the network.
    """
    nodes, edges = list(nodes), list(edges)
    width = WIDE if wide else NARROW
    margin_x, margin_y = (110, 24) if wide else (94, 24)
    box = (width - 2 * margin_x, (520 if wide else 250) - 2 * margin_y)
    legend_height = 20 * len(legend) + (8 if legend else 0)
    height = box[1] + 2 * margin_y + legend_height
    radius = 6 if wide else 7

    def place(key):
        x, y = positions[key]
        return margin_x + x * box[0], margin_y + y * box[1]

    heaviest = max((edge.weight for edge in edges), default=1)
    linked = any(node.url for node in nodes)
    parts = [_open(ident, "network", width, height, title, desc, linked=linked)]
    parts.append('<g class="picture-edges">')
    for edge in sorted(edges, key=lambda edge: edge.weight):
        (x1, y1), (x2, y2) = place(edge.a), place(edge.b)
        stroke = 1 + 4 * (edge.weight - 1) / max(heaviest - 1, 1)
        tip = edge.tip or str(edge.weight)
        parts.append(
            f'<line class="picture-edge" x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" '
            f'y2="{_f(y2)}" stroke-width="{_f(stroke)}"><title>{escape(tip)}</title></line>'
        )
    parts.append("</g>")
    labels = {node.key: _short(node.label, 20 if wide else 13) for node in nodes}
    marks = {node.key: (*place(node.key), radius * node.size) for node in nodes}
    placed = _place_labels(nodes, positions, marks, labels, (width, height - legend_height))
    for node in nodes:
        x, y, r = marks[node.key]
        classes = _node_classes(node)
        anchor, dx, dy = placed[node.key]
        label_class = "picture-label picture-outside" if node.outside else "picture-label"
        where = f'x="{_f(x + dx)}" y="{_f(y + dy)}" text-anchor="{anchor}"'
        label = escape(labels[node.key])
        # The same text first as a halo in the background colour, so that lines that
        # cross a label leave it readable (paint-order is not valid HTML yet).
        inner = (
            f"{shape(node.shape, x, y, r, classes)}"
            f'<text class="{label_class} picture-halo" {where} aria-hidden="true">{label}</text>'
            f'<text class="{label_class}" {where}>{label}</text>'
        )
        tip = node.tip or node.label
        if not node.url:
            inner = f"<title>{escape(tip)}</title>{inner}"
        parts.append(f'<g class="picture-node">{_linked(node.url, inner, tip)}</g>')
    y = box[1] + 2 * margin_y + 8
    for entry_shape, group, outside, label in legend:
        classes = _node_classes(Node(None, "", shape=entry_shape, group=group, outside=outside))
        parts.append(
            f'<g class="picture-legend">{shape(entry_shape, 12, y + 6, 6, classes)}'
            f'<text class="picture-label" x="26" y="{y + 10}">{escape(label)}</text></g>'
        )
        y += 20
    parts.append("</svg>")
    return "".join(parts)


def _label_place(position, r, *, centre):
    """(text-anchor, dx, dy) of a node's label: beside it, away from the middle, or
    above or below it near the top and bottom (labels there have no room beside)."""
    x, y = position
    if centre:
        return "middle", 0, r + FONT + 1
    if abs(x - 0.5) < 0.2:
        return "middle", 0, (-r - 4) if y < 0.5 else (r + FONT + 1)
    return ("end", -r - 4, 4) if x < 0.5 else ("start", r + 4, 4)


def _place_labels(nodes, positions, marks, labels, size):
    """{key: (text-anchor, dx, dy)}: each label where it covers the least of the marks
    and of the labels placed before it (the first nodes are placed first), its
    preferred place (_label_place) winning ties."""
    obstacles = {key: (x - r, y - r, x + r, y + r) for key, (x, y, r) in marks.items()}
    placed = {}
    for node in nodes:
        x, y, r = marks[node.key]
        width = len(labels[node.key]) * FONT * 0.58
        candidates = [
            _label_place(positions[node.key], r, centre=node.size > 1),
            ("start", r + 4, 4),
            ("end", -r - 4, 4),
            ("middle", 0, -r - 4),
            ("middle", 0, r + FONT + 1),
        ]
        others = [box for key, box in obstacles.items() if key != node.key]
        boxes = [_label_box(x, y, width, candidate) for candidate in candidates]
        costs = [_label_cost(box, others, size) for box in boxes]
        best = costs.index(min(costs))
        placed[node.key] = candidates[best]
        obstacles[("label", node.key)] = boxes[best]
    return placed


def _label_box(x, y, width, candidate):
    anchor, dx, dy = candidate
    left = {"start": x + dx, "end": x + dx - width, "middle": x - width / 2}[anchor]
    return (left, y + dy - FONT * 0.8, left + width, y + dy + FONT * 0.2)


def _label_cost(box, others, size):
    """How much of `others` the label's box covers, and how far it leaves the picture."""
    left, top, right, bottom = box
    outside = max(0, -left) + max(0, right - size[0]) + max(0, -top) + max(0, bottom - size[1])
    return sum(_overlap(box, other) for other in others) + 100 * outside


def _overlap(a, b):
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0


def _node_classes(node):
    classes = ["picture-mark"]
    if node.group:
        classes.append(f"member-group-{node.group}")
    if node.outside:
        classes.append("picture-outside")
    if node.size > 1:
        classes.append("picture-centre")
    return " ".join(classes)


def shape(name, x, y, r, classes):
    """One mark of `name` (SHAPES) centred on (x, y), about `r` from its centre."""
    attributes = f'class="{classes}" data-shape="{name}"'
    if name == "circle":
        return f'<circle {attributes} cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}"/>'
    if name == "square":
        side = r * 1.7
        return (
            f'<rect {attributes} x="{_f(x - side / 2)}" y="{_f(y - side / 2)}" '
            f'width="{_f(side)}" height="{_f(side)}"/>'
        )
    corners = _CORNERS[name]
    points = " ".join(f"{_f(x + dx * r)},{_f(y + dy * r)}" for dx, dy in corners)
    return f'<polygon {attributes} points="{points}"/>'


def _short(text, most):
    """`text` in at most `most` characters: given names to initials first, then cut."""
    if len(text) > most and " " in text:
        *given, last = text.split()
        text = " ".join([*(f"{name[0]}." for name in given), last])
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
