"""Batched reads of groups for one request: each load is one ``IN`` or windowed statement."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from strawberry.dataloader import DataLoader

from api.graphql.context import GuardedSession
from api.graphql.ids import MAX_KEY
from api.models import group_table
from api.reads.groups import (
    GROUP_COLUMNS,
    GroupRecord,
    MembershipRecord,
    group_paper_counts_select,
    groups_select,
    membership_from_row,
    memberships_select,
    papers_of_groups_select,
)
from api.reads.keyset import Page, Window, build_page, paged_statement
from api.reads.membership import group_paper_pairs
from api.reads.papers import PaperFilterSpec, paper_table
from api.reads.publications import Publication, read_publications
from api.reads.records import AuthorRecord, PaperRecord


@dataclass(frozen=True, slots=True)
class GroupPaperPageKey:
    """One group's ``papers`` connection, filtered and paged."""

    group_id: int
    spec: PaperFilterSpec
    window: Window


def _cursor_values(row: Any, arity: int) -> tuple[Any, ...]:
    return tuple(getattr(row, f"page_sort_{i}") for i in range(arity))


class GroupLoaders:
    """The group loaders of one request, sharing its guarded session."""

    def __init__(
        self, db: GuardedSession, prime_author: Callable[[AuthorRecord], AuthorRecord]
    ) -> None:
        self.db = db
        # Authors read with memberships are handed on, so Author fields need no second read.
        self._prime_author = prime_author
        self.group = DataLoader(self._groups_by_id)
        self.group_by_slug = DataLoader(self._groups_by_slug)
        self.members = DataLoader(self._members)
        self.paper_page = DataLoader(self._paper_pages)
        self.paper_total = DataLoader(self._paper_totals)
        self.publications = DataLoader(self._publications)

    async def _groups_by_id(self, ids: list[int]) -> list[GroupRecord | None]:
        wanted = [key for key in ids if 0 < key <= MAX_KEY]
        rows = await self.db.rows(groups_select().where(group_table.c.id.in_(wanted)))
        found = {row.id: GroupRecord.from_row(row) for row in rows}
        return [found.get(key) for key in ids]

    async def _groups_by_slug(self, slugs: list[str]) -> list[GroupRecord | None]:
        rows = await self.db.rows(select(*GROUP_COLUMNS).where(group_table.c.slug.in_(slugs)))
        found = {row.slug: GroupRecord.from_row(row) for row in rows}
        for record in found.values():
            self.group.prime(record.id, record)
        return [found.get(slug) for slug in slugs]

    async def _members(self, keys: list[tuple[int, bool | None]]) -> list[list[MembershipRecord]]:
        found: dict[tuple[int, bool | None], list[MembershipRecord]] = defaultdict(list)
        for current in {current for _, current in keys}:
            group_ids = sorted({group_id for group_id, wanted in keys if wanted == current})
            for row in await self.db.rows(memberships_select(group_ids, current=current)):
                record = membership_from_row(row)
                self._prime_author(record.author)
                found[(record.group_id, current)].append(record)
        return [found.get(key, []) for key in keys]

    async def _paper_pages(self, keys: list[GroupPaperPageKey]) -> list[Page[PaperRecord]]:
        pages: dict[GroupPaperPageKey, Page[PaperRecord]] = {}
        batches: dict[tuple[PaperFilterSpec, Window], list[GroupPaperPageKey]] = defaultdict(list)
        for key in keys:
            batches[(key.spec, key.window)].append(key)
        for (spec, window), batch in batches.items():
            statement, partition = papers_of_groups_select(
                spec, sorted({key.group_id for key in batch})
            )
            by_group: dict[int, list[Any]] = defaultdict(list)
            for row in await self.db.rows(paged_statement(statement, window, partition=partition)):
                by_group[row.page_parent].append(row)
            for key in batch:
                pages[key] = _page(by_group.get(key.group_id, []), window)
        return [pages[key] for key in keys]

    async def _paper_totals(self, keys: list[tuple[int, PaperFilterSpec]]) -> list[int]:
        totals: dict[tuple[int, PaperFilterSpec], int] = {}
        for spec in {spec for _, spec in keys}:
            group_ids = sorted({group_id for group_id, wanted in keys if wanted == spec})
            found = {
                row[0]: row[1]
                for row in await self.db.rows(group_paper_counts_select(spec, group_ids))
            }
            totals.update({(group_id, spec): found.get(group_id, 0) for group_id in group_ids})
        return [totals[key] for key in keys]

    async def _publications(self, group_ids: list[int]) -> list[list[Publication]]:
        # Three statements for any number of groups: which papers are whose, then the papers
        # and their author names once each, shared by the groups that have them.
        pairs = group_paper_pairs(group_ids).subquery()
        owners: dict[int, set[int]] = defaultdict(set)
        for row in await self.db.rows(select(pairs.c.paper_id, pairs.c.group_id)):
            owners[row.paper_id].add(row.group_id)
        if not owners:
            return [[] for _ in group_ids]
        found = await read_publications(
            self.db.rows, [paper_table.c.id.in_(select(pairs.c.paper_id))]
        )
        lists: dict[int, list[Publication]] = defaultdict(list)
        for publication in found:  # in export order, which each list keeps
            for group_id in owners[publication.paper.id]:
                lists[group_id].append(publication)
        return [lists.get(group_id, []) for group_id in group_ids]

    async def group_page(self, window: Window) -> Page[GroupRecord]:
        """One page of ``Query.groups``."""
        rows = await self.db.rows(paged_statement(groups_select(), window, partition=None))
        return build_page(
            [GroupRecord.from_row(row) for row in rows],
            [_cursor_values(row, len(window.sort)) for row in rows],
            window,
        )

    async def group_total(self) -> int:
        """How many groups there are."""
        return int((await self.db.rows(select(func.count()).select_from(group_table)))[0][0])


def _page(rows: Sequence[Any], window: Window) -> Page[PaperRecord]:
    arity = len(window.sort)
    return build_page(
        [PaperRecord.from_row(row) for row in rows],
        [_cursor_values(row, arity) for row in rows],
        window,
    )
