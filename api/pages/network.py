"""The co-author network, chosen and laid out in Python so the page draws it as plain SVG.

The author (or a group's members) sits in the middle; co-authors sit on a ring around them,
sized by the papers they share with the middle. Only the strongest ``LIMIT`` co-authors are
drawn so the picture stays readable. Around the ring co-authors follow the order of the list
(newest paper first, then place on the paper), so the people of one paper sit side by side and
the lines between those who wrote together stay short. The layout depends on nothing but the
data: the same papers always give the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from api.reads.profiles import ListedPaper, PersonLink

LIMIT = 50
SIZE = 840
_MIDDLE = SIZE / 2
_RING = 250
_INNER_RING = 110
_MIN_RADIUS, _MAX_RADIUS, _CENTRE_RADIUS = 5.0, 14.0, 18.0


@dataclass(frozen=True, slots=True)
class Node:
    """A person on the picture, with where to draw them and their label."""

    person: PersonLink
    papers: int
    centre: bool
    x: float
    y: float
    r: float
    label_x: float
    label_y: float
    label_angle: float
    label_anchor: str


@dataclass(frozen=True, slots=True)
class Edge:
    """A line between two people who wrote together: ``papers`` papers."""

    path: str
    width: float
    papers: int
    names: tuple[str, str]
    spoke: bool


@dataclass(frozen=True, slots=True)
class Network:
    """Everything the template draws, in SVG user units, and how much was left out."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    coauthors: int
    hidden: int
    size: int = SIZE


@dataclass(frozen=True, slots=True)
class Coauthor:
    """Someone who wrote with the middle: how often, and where they first appear in the list."""

    person: PersonLink
    papers: int
    first_seen: tuple[int, int]


def _tally(papers: Sequence[ListedPaper], wanted: Callable[[int], bool]) -> list[Coauthor]:
    """The wanted people of ``papers`` with their paper counts, most papers first, then name."""
    found: dict[int, Coauthor] = {}
    for index, listed in enumerate(papers):
        for position, person in enumerate(listed.authors):
            if not wanted(person.id):
                continue
            seen = found.get(person.id)
            found[person.id] = (
                Coauthor(person, 1, (index, position))
                if seen is None
                else replace(seen, papers=seen.papers + 1)
            )
    return sorted(found.values(), key=lambda c: (-c.papers, c.person.name, c.person.id))


def strongest_coauthors(
    papers: Sequence[ListedPaper], centre_ids: frozenset[int], *, limit: int = LIMIT
) -> tuple[list[Coauthor], int]:
    """The ``limit`` co-authors with most papers in ``papers``, in ring order; and how many more.

    Ties at the cut are broken by name, so the choice never depends on storage order.
    """
    ranked = _tally(papers, lambda author_id: author_id not in centre_ids)
    kept = sorted(ranked[:limit], key=lambda coauthor: coauthor.first_seen)
    return kept, max(0, len(ranked) - limit)


def centre_people(papers: Sequence[ListedPaper], centre_ids: frozenset[int]) -> list[Coauthor]:
    """The people in the middle who appear in ``papers``, most papers first."""
    return _tally(papers, lambda author_id: author_id in centre_ids)


def _radius(papers: int, most: int) -> float:
    return round(_MIN_RADIUS + (_MAX_RADIUS - _MIN_RADIUS) * math.sqrt(papers / most), 1)


def _on_ring(index: int, count: int, radius: float) -> tuple[float, float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    x = _MIDDLE + radius * math.cos(angle)
    y = _MIDDLE + radius * math.sin(angle)
    return round(x, 1), round(y, 1), angle


def _ring_node(coauthor: Coauthor, index: int, count: int, most: int) -> Node:
    x, y, angle = _on_ring(index, count, _RING)
    r = _radius(coauthor.papers, most)
    reach = _RING + r + 5
    label_x = _MIDDLE + reach * math.cos(angle)
    label_y = _MIDDLE + reach * math.sin(angle)
    degrees = math.degrees(angle)
    # Labels point away from the middle and never read upside down.
    right_side = math.cos(angle) >= -1e-9
    return Node(
        person=coauthor.person,
        papers=coauthor.papers,
        centre=False,
        x=x,
        y=y,
        r=r,
        label_x=round(label_x, 1),
        label_y=round(label_y, 1),
        label_angle=round(degrees if right_side else degrees + 180, 1),
        label_anchor="start" if right_side else "end",
    )


def _middle_nodes(people: Sequence[Coauthor]) -> list[Node]:
    nodes = []
    most = max((person.papers for person in people), default=1)
    inner = 0.0 if len(people) == 1 else min(_INNER_RING, 40 + 12 * len(people))
    for index, person in enumerate(people):
        x, y, _ = _on_ring(index, len(people), inner)
        r = _CENTRE_RADIUS if len(people) == 1 else _radius(person.papers, most) + 2
        nodes.append(
            Node(
                person=person.person,
                papers=person.papers,
                centre=True,
                x=x,
                y=y,
                r=r,
                label_x=x,
                label_y=round(y + r + 13, 1),
                label_angle=0.0,
                label_anchor="middle",
            )
        )
    return nodes


def _edge(a: Node, b: Node, papers: int, most: int) -> Edge:
    spoke = a.centre or b.centre
    if spoke:
        path = f"M{a.x} {a.y}L{b.x} {b.y}"
    else:
        # Bent towards the middle, so chords between neighbours on the ring stay apart.
        control_x = round(_MIDDLE + 0.45 * ((a.x + b.x) / 2 - _MIDDLE), 1)
        control_y = round(_MIDDLE + 0.45 * ((a.y + b.y) / 2 - _MIDDLE), 1)
        path = f"M{a.x} {a.y}Q{control_x} {control_y} {b.x} {b.y}"
    return Edge(
        path=path,
        width=round(0.75 + 2.25 * papers / most, 2),
        papers=papers,
        names=(a.person.name, b.person.name),
        spoke=spoke,
    )


def co_author_network(
    papers: Sequence[ListedPaper],
    centre_ids: frozenset[int],
    ties: Mapping[tuple[int, int], int],
    *,
    limit: int = LIMIT,
) -> Network:
    """The picture of ``papers`` around the authors ``centre_ids``.

    Args:
        papers: The profile's papers, in list order.
        centre_ids: The author, or the group's members.
        ties: Papers written together by pairs of shown people (smaller id first), over all
            their papers; see ``api.reads.profiles.read_shared_papers``.
        limit: How many co-authors at most.
    """
    coauthors, hidden = strongest_coauthors(papers, centre_ids, limit=limit)
    most = max((coauthor.papers for coauthor in coauthors), default=1)
    nodes = _middle_nodes(centre_people(papers, centre_ids))
    nodes += [_ring_node(c, i, len(coauthors), most) for i, c in enumerate(coauthors)]
    by_id = {node.person.id: node for node in nodes}
    shown = {pair: count for pair, count in ties.items() if all(key in by_id for key in pair)}
    strongest = max(shown.values(), default=1)
    edges = [_edge(by_id[a], by_id[b], count, strongest) for (a, b), count in sorted(shown.items())]
    # Lines to the middle under the others, so the ring's own ties stay visible.
    edges.sort(key=lambda edge: not edge.spoke)
    return Network(nodes=tuple(nodes), edges=tuple(edges), coauthors=len(coauthors), hidden=hidden)


def shown_ids(
    papers: Sequence[ListedPaper], centre_ids: frozenset[int], *, limit: int = LIMIT
) -> list[int]:
    """The ids of everyone :func:`co_author_network` draws, to read their ties."""
    middle = [person.person.id for person in centre_people(papers, centre_ids)]
    ring = [
        coauthor.person.id for coauthor in strongest_coauthors(papers, centre_ids, limit=limit)[0]
    ]
    return middle + ring
