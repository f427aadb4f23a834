"""Batched reads, one set per request: each load turns into one ``IN`` or windowed statement."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from sqlalchemy import func, select
from strawberry.dataloader import DataLoader

from api.graphql.context import GuardedSession
from api.graphql.group_loaders import GroupLoaders
from api.graphql.ids import MAX_KEY
from api.identity.reads import authors_of_merged_slugs, name_variants_of
from api.reads.authors import (
    AUTHOR_COLUMNS,
    AuthorFilterSpec,
    author_table,
    authors_select,
    coauthors_select,
    first_prefix_page,
)
from api.reads.keyset import Page, PageRequest, SortKey, Window, build_page, paged_statement
from api.reads.papers import (
    PaperFilterSpec,
    authorship_table,
    paper_conditions,
    paper_table,
    papers_of_authors_select,
    papers_select,
)
from api.reads.publications import Publication, read_publications_of_authors
from api.reads.records import AuthorRecord, AuthorshipRecord, PaperRecord
from api.search.papers import relevance_of_authors_statement, relevance_statement
from api.search.sort import is_relevance

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class PaperPageKey:
    """One nested ``papers`` connection: whose papers (None: everyone's), filtered and paged."""

    author_id: int | None
    spec: PaperFilterSpec
    window: Window


@dataclass(frozen=True, slots=True)
class CoauthorKey:
    """The strongest ``first`` co-authors of one author."""

    author_id: int
    first: int


def _by_group(keys: Sequence[K], group: Callable[[K], Hashable]) -> dict[Hashable, list[K]]:
    groups: dict[Hashable, list[K]] = defaultdict(list)
    for key in keys:
        groups[group(key)].append(key)
    return groups


def _cursor_values(row: Any, arity: int) -> tuple[Any, ...]:
    return tuple(getattr(row, f"page_sort_{i}") for i in range(arity))


class Loaders:
    """Every loader of one request, sharing its guarded session.

    Each loader is made on first use: most requests need two or three of them, and a request
    answered by a compiled statement needs none.
    """

    def __init__(self, db: GuardedSession) -> None:
        self.db = db

    @cached_property
    def paper(self) -> DataLoader[int, PaperRecord | None]:
        return DataLoader(self._papers_by_id)

    @cached_property
    def author(self) -> DataLoader[int, AuthorRecord | None]:
        return DataLoader(self._authors_by_id)

    @cached_property
    def author_by_slug(self) -> DataLoader[str, AuthorRecord | None]:
        return DataLoader(self._authors_by_slug)

    @cached_property
    def authorships(self) -> DataLoader[int, list[AuthorshipRecord]]:
        return DataLoader(self._authorships_by_paper)

    @cached_property
    def author_count(self) -> DataLoader[int, int]:
        return DataLoader(self._author_counts)

    @cached_property
    def paper_page(self) -> DataLoader[PaperPageKey, Page[PaperRecord]]:
        return DataLoader(self._paper_pages)

    @cached_property
    def paper_total(self) -> DataLoader[tuple[int | None, PaperFilterSpec], int]:
        return DataLoader(self._paper_totals)

    @cached_property
    def coauthors(self) -> DataLoader[CoauthorKey, list[tuple[AuthorRecord, int]]]:
        return DataLoader(self._coauthors)

    @cached_property
    def publications(self) -> DataLoader[int, list[Publication]]:
        return DataLoader(self._publications)

    @cached_property
    def groups(self) -> GroupLoaders:
        return GroupLoaders(self.db, self._prime_author)

    @cached_property
    def name_variants(self) -> DataLoader[int, list[str]]:
        return DataLoader(self._name_variants)

    @cached_property
    def dialect(self) -> str:
        # Search SQL differs by engine (api.search.ranking).
        return str(self.db.session.get_bind().dialect.name)

    @classmethod
    def for_session(cls, db: GuardedSession) -> Loaders:
        """Loaders for one request."""
        return cls(db)

    async def _papers_by_id(self, ids: list[int]) -> list[PaperRecord | None]:
        wanted = [key for key in ids if 0 < key <= MAX_KEY]
        rows = await self.db.rows(
            papers_select(PaperFilterSpec()).where(paper_table.c.id.in_(wanted))
        )
        found = {row.id: PaperRecord.from_row(row) for row in rows}
        return [found.get(key) for key in ids]

    async def _authors_by_id(self, ids: list[int]) -> list[AuthorRecord | None]:
        wanted = [key for key in ids if 0 < key <= MAX_KEY]
        rows = await self.db.rows(select(*AUTHOR_COLUMNS).where(author_table.c.id.in_(wanted)))
        found = {row.id: AuthorRecord.from_row(row) for row in rows}
        return [found.get(key) for key in ids]

    async def _authors_by_slug(self, slugs: list[str]) -> list[AuthorRecord | None]:
        rows = await self.db.rows(select(*AUTHOR_COLUMNS).where(author_table.c.slug.in_(slugs)))
        found = {row.slug: self._prime_author(AuthorRecord.from_row(row)) for row in rows}
        if missing := [slug for slug in slugs if slug not in found]:
            # A merged author's slug leads to the author it was merged into.
            merged = await authors_of_merged_slugs(self.db.rows, missing, AUTHOR_COLUMNS)
            found.update((slug, AuthorRecord.from_row(row)) for slug, row in merged.items())
        return [found.get(slug) for slug in slugs]

    async def _name_variants(self, author_ids: list[int]) -> list[list[str]]:
        found = await name_variants_of(self.db.rows, author_ids)
        return [found.get(author_id, []) for author_id in author_ids]

    def _prime_author(self, record: AuthorRecord) -> AuthorRecord:
        # Whoever loaded an author row saves the next resolver a query for the same author.
        self.author.prime(record.id, record)
        return record

    async def _authorships_by_paper(self, paper_ids: list[int]) -> list[list[AuthorshipRecord]]:
        statement = (
            select(
                authorship_table.c.paper_id,
                authorship_table.c.position,
                authorship_table.c.name_as_written,
                *AUTHOR_COLUMNS,
            )
            .join(author_table, author_table.c.id == authorship_table.c.author_id)
            .where(authorship_table.c.paper_id.in_(paper_ids))
            .order_by(authorship_table.c.paper_id, authorship_table.c.position)
        )
        found: dict[int, list[AuthorshipRecord]] = defaultdict(list)
        for row in await self.db.rows(statement):
            author = self._prime_author(AuthorRecord.from_row(row))
            found[row.paper_id].append(
                AuthorshipRecord(
                    paper_id=row.paper_id,
                    position=row.position,
                    name_as_written=row.name_as_written,
                    author=author,
                )
            )
        return [found.get(key, []) for key in paper_ids]

    async def _author_counts(self, paper_ids: list[int]) -> list[int]:
        statement = (
            select(authorship_table.c.paper_id, func.count())
            .where(authorship_table.c.paper_id.in_(paper_ids))
            .group_by(authorship_table.c.paper_id)
        )
        found = {row[0]: row[1] for row in await self.db.rows(statement)}
        return [found.get(key, 0) for key in paper_ids]

    async def _paper_pages(self, keys: list[PaperPageKey]) -> list[Page[PaperRecord]]:
        pages: dict[PaperPageKey, Page[PaperRecord]] = {}
        for group in _by_group(
            keys, lambda key: (key.author_id is None, key.spec, key.window)
        ).values():
            pages.update(await self._paper_page_group(group))
        return [pages[key] for key in keys]

    async def _paper_page_group(
        self, keys: list[PaperPageKey]
    ) -> dict[PaperPageKey, Page[PaperRecord]]:
        spec, window = keys[0].spec, keys[0].window
        arity = len(window.sort)
        relevance = is_relevance(window.sort)
        if keys[0].author_id is None:
            if relevance:
                statement = relevance_statement(spec, window, dialect=self.dialect)
            else:
                statement = paged_statement(papers_select(spec), window, partition=None)
            rows = await self.db.rows(statement)
            return {keys[0]: _page(rows, window, arity, PaperRecord.from_row)}
        author_ids = sorted({key.author_id for key in keys if key.author_id is not None})
        if relevance:
            statement = relevance_of_authors_statement(
                spec, window, author_ids, dialect=self.dialect
            )
        else:
            statement = paged_statement(
                papers_of_authors_select(spec, author_ids),
                window,
                partition=authorship_table.c.author_id,
            )
        by_parent: dict[int, list[Any]] = defaultdict(list)
        for row in await self.db.rows(statement):
            by_parent[row.page_parent].append(row)
        return {
            key: _page(by_parent.get(key.author_id or 0, []), window, arity, PaperRecord.from_row)
            for key in keys
        }

    async def _paper_totals(self, keys: list[tuple[int | None, PaperFilterSpec]]) -> list[int]:
        totals: dict[tuple[int | None, PaperFilterSpec], int] = {}
        for group in _by_group(keys, lambda key: (key[0] is None, key[1])).values():
            spec = group[0][1]
            if group[0][0] is None:
                count = select(func.count()).select_from(paper_table).where(*paper_conditions(spec))
                totals[group[0]] = (await self.db.rows(count))[0][0]
                continue
            author_ids = sorted({author_id for author_id, _ in group if author_id is not None})
            statement = (
                select(authorship_table.c.author_id, func.count())
                .join(paper_table, paper_table.c.id == authorship_table.c.paper_id)
                .where(authorship_table.c.author_id.in_(author_ids), *paper_conditions(spec))
                .group_by(authorship_table.c.author_id)
            )
            found = {row[0]: row[1] for row in await self.db.rows(statement)}
            totals.update({key: found.get(key[0] or 0, 0) for key in group})
        return [totals[key] for key in keys]

    async def _coauthors(self, keys: list[CoauthorKey]) -> list[list[tuple[AuthorRecord, int]]]:
        result: dict[CoauthorKey, list[tuple[AuthorRecord, int]]] = {}
        for group in _by_group(keys, lambda key: key.first).values():
            statement, partition, sort = coauthors_select(sorted({key.author_id for key in group}))
            window = _plain_window(sort, group[0].first)
            by_parent: dict[int, list[tuple[AuthorRecord, int]]] = defaultdict(list)
            for row in await self.db.rows(
                paged_statement(statement, window, partition=partition.expression)
            ):
                if len(by_parent[row.page_parent]) < group[0].first:
                    record = self._prime_author(AuthorRecord.from_row(row))
                    by_parent[row.page_parent].append((record, row.shared_paper_count))
            result.update({key: by_parent.get(key.author_id, []) for key in group})
        return [result[key] for key in keys]

    async def _publications(self, author_ids: list[int]) -> list[list[Publication]]:
        found = await read_publications_of_authors(self.db.rows, author_ids)
        return [found[author_id] for author_id in author_ids]

    async def author_page(self, spec: AuthorFilterSpec, window: Window) -> Page[AuthorRecord]:
        """One page of ``Query.authors``."""
        page = window.page
        if spec.name_prefixes and page.after is None and not page.backward:
            # A first page by name prefixes walks or sorts, whichever the data favours.
            statement = first_prefix_page(spec, window.sort, page.size)
        else:
            statement = paged_statement(authors_select(spec), window, partition=None)
        rows = await self.db.rows(statement)
        return _page(
            rows,
            window,
            len(window.sort),
            lambda row: self._prime_author(AuthorRecord.from_row(row)),
        )

    async def author_total(self, spec: AuthorFilterSpec) -> int:
        """How many authors match ``spec``."""
        statement = select(func.count()).select_from(authors_select(spec).subquery())
        return int((await self.db.rows(statement))[0][0])


def _plain_window(sort: tuple[SortKey, ...], first: int) -> Window:
    return Window(sort=sort, page=PageRequest(first=first, after=None, last=None, before=None))


def _page(rows: Sequence[Any], window: Window, arity: int, build: Callable[[Any], V]) -> Page[V]:
    return build_page(
        [build(row) for row in rows], [_cursor_values(row, arity) for row in rows], window
    )
