"""The GraphQL object types: Node, Paper, Author, Authorship, Coauthor and their connections."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Generic, TypeVar

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.exports.csl_json import csl_items
from api.exports.formats import RENDERERS, ExportFormat
from api.graphql.context import Context
from api.graphql.ids import to_global_id
from api.graphql.inputs import (
    AuthorOrder,
    AuthorOrderField,
    PaperFilter,
    PaperOrder,
    PublicationFormat,
    author_window,
    page_request,
    paper_filter_spec,
    paper_window,
)
from api.graphql.loaders import CoauthorKey, PaperPageKey
from api.reads.authors import AuthorFilterSpec
from api.reads.keyset import Page, PageRequest, Window
from api.reads.papers import PaperFilterSpec
from api.reads.publications import AuthorName, Publication
from api.reads.records import AuthorRecord, AuthorshipRecord, PaperRecord
from api.search.authors import ordered
from api.search.query import SearchQuery
from api.search.snippets import abstract_stretch, marked_title

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
    window = paper_window(order_by, page, searching=spec.search is not None)
    return await papers_page(info, author_id=author_id, spec=spec, window=window)


async def papers_page(
    info: ContextInfo, *, author_id: int | None, spec: PaperFilterSpec, window: Window
) -> Connection[Paper]:
    """The connection of one page of papers; results of a search carry it for their snippet."""
    context = info.context
    loaded = await context.loaders.paper_page.load(PaperPageKey(author_id, spec, window))
    papers = loaded.map(lambda record: Paper.from_record(record, search=spec.search))
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

    @strawberry.field(
        description="All of this author's papers, newest first, as one BibTeX, CSL-JSON or RIS "
        "document; the same text GET /authors/{slug}/publications.bib|json|ris serves."
    )
    async def publications(self, info: ContextInfo, format: PublicationFormat) -> str:
        found = await info.context.loaders.publications.load(self.key)
        return RENDERERS[ExportFormat(format.value)](found)

    @strawberry.field(
        description="Every spelling imports mapped to this author ('Welling, M.'), merges "
        "included, in byte order."
    )
    async def name_variants(self, info: ContextInfo) -> list[str]:
        return await info.context.loaders.name_variants.load(self.key)


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


@strawberry.type(description="A search result's title and the stretch of abstract it matched in.")
class SearchSnippet:
    search: strawberry.Private[SearchQuery]
    title: strawberry.Private[str]
    abstract: strawberry.Private[str | None]

    @strawberry.field(description="The whole title, HTML-escaped, matched words in <mark>…</mark>.")
    def title_html(self) -> str:
        return marked_title(self.search, self.title)

    @strawberry.field(
        description="About 30 words of the abstract around the most matches, '…' where cut; "
        "null without an abstract."
    )
    def text(self) -> str | None:
        stretch = abstract_stretch(self.search, self.abstract)
        return None if stretch is None else stretch.text

    @strawberry.field(
        description="The same stretch, HTML-escaped, matched words in <mark>…</mark>."
    )
    def html(self) -> str | None:
        stretch = abstract_stretch(self.search, self.abstract)
        return None if stretch is None else stretch.html


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
    search: strawberry.Private[SearchQuery | None] = None

    @classmethod
    def from_record(cls, record: PaperRecord, *, search: SearchQuery | None = None) -> Paper:
        """The GraphQL view of a stored paper; ``search`` when it came from one."""
        return cls(
            key=record.id,
            id=strawberry.ID(to_global_id("Paper", record.id)),
            title=record.title,
            abstract=record.abstract,
            year=record.year,
            venue=record.venue,
            doi=record.doi,
            url=record.url,
            search=search,
        )

    @strawberry.field(
        description="Where this paper matched the search it came from; null outside a search."
    )
    def search_snippet(self) -> SearchSnippet | None:
        if self.search is None:
            return None
        return SearchSnippet(search=self.search, title=self.title, abstract=self.abstract)

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

    async def _publication(self, info: ContextInfo) -> Publication:
        found = await info.context.loaders.authorships.load(self.key)
        paper = PaperRecord(
            id=self.key,
            title=self.title,
            abstract=self.abstract,
            year=self.year,
            venue=self.venue,
            doi=self.doi,
            url=self.url,
        )
        names = tuple(AuthorName(r.author.family_name, r.author.given_name) for r in found)
        return Publication(paper=paper, authors=names)

    @strawberry.field(description="This paper as a BibTeX entry, as GET /papers/{id}.bib has it.")
    async def bibtex(self, info: ContextInfo) -> str:
        return RENDERERS[ExportFormat.BIBTEX]([await self._publication(info)])

    @strawberry.field(
        description="This paper as a CSL-JSON item (the one item of GET /papers/{id}.json)."
    )
    async def csl_json(self, info: ContextInfo) -> JSON:
        return JSON(csl_items([await self._publication(info)])[0])

    @strawberry.field(description="This paper as an RIS record, as GET /papers/{id}.ris serves it.")
    async def ris(self, info: ContextInfo) -> str:
        return RENDERERS[ExportFormat.RIS]([await self._publication(info)])


async def authors_page(
    info: ContextInfo, spec: AuthorFilterSpec, window: Window
) -> Connection[Author]:
    """The connection of one page of authors."""
    context = info.context
    loaded = await context.loaders.author_page(spec, window)
    authors = loaded.map(Author.from_record)
    return connection(authors, lambda: context.loaders.author_total(spec))


@strawberry.type(description="What a search found: papers and authors, each most relevant first.")
class SearchResult:
    search: strawberry.Private[SearchQuery]
    page: strawberry.Private[PageRequest]

    @strawberry.field(
        description="Papers whose title or abstract has every word: title matches first, then "
        "abstract matches. Continue with papers(filter: {search}, after: endCursor)."
    )
    async def papers(self, info: ContextInfo) -> Connection[Paper]:
        window = paper_window(None, self.page, searching=True)
        spec = PaperFilterSpec(search=self.search)
        return await papers_page(info, author_id=None, spec=spec, window=window)

    @strawberry.field(
        description="Authors with a name part starting with every word, most papers first."
    )
    async def authors(self, info: ContextInfo) -> Connection[Author]:
        prefixes = ordered([word for term in self.search.terms for word in term.words])
        order = AuthorOrder(field=AuthorOrderField.PAPER_COUNT)
        return await authors_page(
            info, AuthorFilterSpec(name_prefixes=prefixes), author_window(order, self.page)
        )
