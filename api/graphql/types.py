"""The GraphQL object types: Node, Paper, Author, Authorship, Coauthor and their connections."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Generic, TypeVar

import strawberry
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.ids import to_global_id
from api.graphql.inputs import (
    PaperFilter,
    PaperOrder,
    page_request,
    paper_filter_spec,
    paper_window,
)
from api.graphql.loaders import CoauthorKey, PaperPageKey
from api.reads.keyset import Page
from api.reads.records import AuthorRecord, AuthorshipRecord, PaperRecord

ContextInfo = Info[Context, None]
NodeT = TypeVar("NodeT")

FIRST_HELP = "Page size from the start; 20 when neither first nor last is given; at most 100."
LAST_HELP = "Page size from the end; at most 100."


@strawberry.interface(description="An object with a global ID.")
class Node:
    id: strawberry.ID = strawberry.field(description="Opaque, stable global ID.")


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="A node and its cursor.")
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type(description="A page of results (Relay connection).")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    nodes: list[NodeT]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many results there are across all pages.")
    async def total_count(self) -> int:
        return await self.count()


def connection(page: Page[NodeT], count: Callable[[], Awaitable[int]]) -> Connection[NodeT]:
    """A connection over one fetched page; the total is counted only if asked for."""
    return Connection(
        edges=[Edge(cursor=c, node=n) for c, n in zip(page.cursors, page.items, strict=True)],
        nodes=page.items,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=page.cursors[0] if page.cursors else None,
            end_cursor=page.cursors[-1] if page.cursors else None,
        ),
        count=count,
    )


async def paper_connection(
    info: ContextInfo,
    *,
    author_id: int | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    filter: PaperFilter | None,
    order_by: PaperOrder | None,
) -> Connection[Paper]:
    """A papers connection, everyone's (author_id None) or one author's, batched by loaders."""
    context = info.context
    page = page_request(context.settings, first=first, after=after, last=last, before=before)
    spec = paper_filter_spec(filter)
    window = paper_window(order_by, page)
    loaded = await context.loaders.paper_page.load(PaperPageKey(author_id, spec, window))
    papers = Page(
        items=[Paper.from_record(record) for record in loaded.items],
        cursors=loaded.cursors,
        has_next=loaded.has_next,
        has_previous=loaded.has_previous,
    )
    return connection(papers, lambda: context.loaders.paper_total.load((author_id, spec)))


@strawberry.type(description="A person who wrote papers.")
class Author(Node):
    key: strawberry.Private[int]
    slug: str = strawberry.field(description="URL name, e.g. 'max-welling'; unique.")
    name: str = strawberry.field(description="Display name, given name first.")
    given_name: str
    family_name: str = strawberry.field(description="Family name with particles ('van den Berg').")
    orcid: str | None
    paper_count: int = strawberry.field(description="How many papers list this author.")

    @classmethod
    def from_record(cls, record: AuthorRecord) -> Author:
        """The GraphQL view of a stored author."""
        return cls(
            key=record.id,
            id=strawberry.ID(to_global_id("Author", record.id)),
            slug=record.slug,
            name=record.name,
            given_name=record.given_name,
            family_name=record.family_name,
            orcid=record.orcid,
            paper_count=record.paper_count,
        )

    @strawberry.field(
        description="This author's papers; newest first unless orderBy says otherwise."
    )
    async def papers(
        self,
        info: ContextInfo,
        first: Annotated[int | None, strawberry.argument(description=FIRST_HELP)] = None,
        after: str | None = None,
        last: Annotated[int | None, strawberry.argument(description=LAST_HELP)] = None,
        before: str | None = None,
        filter: PaperFilter | None = None,
        order_by: PaperOrder | None = None,
    ) -> Connection[Paper]:
        return await paper_connection(
            info,
            author_id=self.key,
            first=first,
            after=after,
            last=last,
            before=before,
            filter=filter,
            order_by=order_by,
        )

    @strawberry.field(
        description="People this author wrote with, most shared papers first, then family name."
    )
    async def coauthors(
        self,
        info: ContextInfo,
        first: Annotated[int, strawberry.argument(description="At most 100.")] = 20,
    ) -> list[Coauthor]:
        context = info.context
        # Same bounds as every connection's page size.
        page_request(context.settings, first=first, after=None, last=None, before=None)
        found = await context.loaders.coauthors.load(CoauthorKey(self.key, first))
        return [
            Coauthor(author=Author.from_record(record), shared_paper_count=shared)
            for record, shared in found
        ]


@strawberry.type(description="Someone who wrote papers with an author, and how many.")
class Coauthor:
    author: Author
    shared_paper_count: int


@strawberry.type(description="One author's place on one paper.")
class Authorship:
    position: int = strawberry.field(description="1-based place in the paper's author list.")
    name_as_written: str = strawberry.field(description="The name exactly as the source wrote it.")
    author: Author
    paper_key: strawberry.Private[int]

    @classmethod
    def from_record(cls, record: AuthorshipRecord) -> Authorship:
        """The GraphQL view of a stored authorship."""
        return cls(
            position=record.position,
            name_as_written=record.name_as_written,
            author=Author.from_record(record.author),
            paper_key=record.paper_id,
        )

    @strawberry.field
    async def paper(self, info: ContextInfo) -> Paper:
        record = await info.context.loaders.paper.load(self.paper_key)
        assert record is not None, "an authorship always has its paper"
        return Paper.from_record(record)


@strawberry.type(description="A publication.")
class Paper(Node):
    key: strawberry.Private[int]
    title: str
    abstract: str | None
    year: int | None
    venue: str | None
    doi: str | None = strawberry.field(
        description="Normalized DOI, lower case, no resolver prefix."
    )
    url: str | None

    @classmethod
    def from_record(cls, record: PaperRecord) -> Paper:
        """The GraphQL view of a stored paper."""
        return cls(
            key=record.id,
            id=strawberry.ID(to_global_id("Paper", record.id)),
            title=record.title,
            abstract=record.abstract,
            year=record.year,
            venue=record.venue,
            doi=record.doi,
            url=record.url,
        )

    @strawberry.field(description="The authors in source order.")
    async def authors(self, info: ContextInfo) -> list[Author]:
        found = await info.context.loaders.authorships.load(self.key)
        return [Author.from_record(record.author) for record in found]

    @strawberry.field(description="Authorships ordered by position.")
    async def authorships(self, info: ContextInfo) -> list[Authorship]:
        found = await info.context.loaders.authorships.load(self.key)
        return [Authorship.from_record(record) for record in found]

    @strawberry.field(description="How many authors the paper lists.")
    async def author_count(self, info: ContextInfo) -> int:
        return await info.context.loaders.author_count.load(self.key)
