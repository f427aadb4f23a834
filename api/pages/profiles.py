"""What an author's or a group's page shows, read in a handful of statements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from api.models import author_table, group_table
from api.pages.chart import UNDATED, BarChart, year_chart
from api.pages.network import Coauthor, Network, co_author_network, shown_ids, strongest_coauthors
from api.reads.groups import (
    GroupRecord,
    MembershipRecord,
    groups_select,
    membership_from_row,
    memberships_select,
)
from api.reads.papers import PaperFilterSpec, paper_conditions
from api.reads.profiles import (
    GroupLink,
    ListedPaper,
    read_groups_of_author,
    read_listed_papers,
    read_shared_papers,
)
from api.reads.publications import Rows


@dataclass(frozen=True, slots=True)
class YearSection:
    """The papers of one year ("Undated" last) in the list."""

    label: str
    papers: tuple[ListedPaper, ...]

    @property
    def anchor(self) -> str:
        """The section's fragment id, e.g. "year-2019" or "year-undated"."""
        return f"year-{self.label.lower()}"


@dataclass(frozen=True, slots=True)
class Body:
    """What both pages show: the list by year, the chart and the network."""

    papers: tuple[ListedPaper, ...]
    sections: tuple[YearSection, ...]
    highlighted: frozenset[int]
    chart: BarChart | None
    network: Network
    # The drawn co-authors, strongest first: the network's table for screen readers and print.
    coauthors: tuple[Coauthor, ...]


@dataclass(frozen=True, slots=True)
class AuthorPage:
    """An author's profile."""

    slug: str
    name: str
    orcid: str | None
    groups: tuple[GroupLink, ...]
    body: Body


@dataclass(frozen=True, slots=True)
class GroupPage:
    """A group's profile."""

    group: GroupRecord
    current: tuple[MembershipRecord, ...]
    former: tuple[MembershipRecord, ...]
    body: Body


def _sections(papers: Sequence[ListedPaper]) -> tuple[YearSection, ...]:
    # The papers come newest first with undated ones last, so consecutive runs are the years.
    sections: list[YearSection] = []
    for listed in papers:
        label = UNDATED if listed.paper.year is None else str(listed.paper.year)
        if sections and sections[-1].label == label:
            sections[-1] = YearSection(label, (*sections[-1].papers, listed))
        else:
            sections.append(YearSection(label, (listed,)))
    return tuple(sections)


async def _body(rows: Rows, spec: PaperFilterSpec, centre_ids: frozenset[int]) -> Body:
    papers = await read_listed_papers(rows, paper_conditions(spec))
    ties = await read_shared_papers(rows, shown_ids(papers, centre_ids))
    coauthors, _ = strongest_coauthors(papers, centre_ids)
    return Body(
        papers=tuple(papers),
        sections=_sections(papers),
        highlighted=centre_ids,
        chart=year_chart(listed.paper.year for listed in papers),
        network=co_author_network(papers, centre_ids, ties),
        coauthors=tuple(sorted(coauthors, key=lambda c: (-c.papers, c.person.name))),
    )


async def read_author_page(rows: Rows, slug: str) -> AuthorPage | None:
    """The page of the author with ``slug``; None when there is none."""
    found = await rows(
        select(author_table.c.id, author_table.c.name, author_table.c.orcid).where(
            author_table.c.slug == slug
        )
    )
    if not found:
        return None
    author = found[0]
    return AuthorPage(
        slug=slug,
        name=author.name,
        orcid=author.orcid,
        groups=tuple(await read_groups_of_author(rows, author.id)),
        body=await _body(rows, PaperFilterSpec(author_id=author.id), frozenset({author.id})),
    )


async def read_group_page(rows: Rows, slug: str) -> GroupPage | None:
    """The page of the group with ``slug``; None when there is none."""
    found = await rows(groups_select().where(group_table.c.slug == slug))
    if not found:
        return None
    group = GroupRecord.from_row(found[0])
    members = [membership_from_row(row) for row in await rows(memberships_select([group.id]))]
    return GroupPage(
        group=group,
        current=tuple(member for member in members if member.current),
        former=tuple(member for member in members if not member.current),
        body=await _body(
            rows,
            PaperFilterSpec(group_id=group.id),
            frozenset(member.author.id for member in members),
        ),
    )
