"""The root Query type."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.errors import InputError
from api.graphql.groups import group_field, groups_field, load_group
from api.graphql.ids import from_global_id
from api.graphql.inputs import (
    AuthorFilter,
    AuthorOrder,
    AuthorOrderField,
    PaperFilter,
    PaperOrder,
    author_filter_spec,
    author_window,
    page_request,
)
from api.graphql.types import (
    FIRST_HELP,
    LAST_HELP,
    Author,
    Connection,
    ContextInfo,
    Node,
    Paper,
    SearchResult,
    authors_page,
    paper_connection,
)
from api.reads.authors import AuthorFilterSpec
from api.search.authors import prefix_words
from api.search.query import parse_search

SEARCH_FIRST = 10
SEARCH_FIRST_HELP = "How many papers and how many authors; at most 100."

NODE_TYPES = {"Paper", "Author", "Group"}


async def load_node(info: ContextInfo, global_id: str) -> Node | None:
    """The object behind any global ID, or None when nothing has that ID."""
    type_name, key = from_global_id(global_id, expected=NODE_TYPES)
    loaders = info.context.loaders
    if type_name == "Group":
        return await load_group(info, key)
    if type_name == "Paper":
        paper = await loaders.paper.load(key)
        return Paper.from_record(paper) if paper else None
    author = await loaders.author.load(key)
    return Author.from_record(author) if author else None


@strawberry.type
class Query:
    @strawberry.field(description="A paper by its global ID; null when none has it.")
    async def paper(self, info: ContextInfo, id: strawberry.ID) -> Paper | None:
        _, key = from_global_id(str(id), expected={"Paper"})
        record = await info.context.loaders.paper.load(key)
        return Paper.from_record(record) if record else None

    @strawberry.field(description="An author by global ID or by slug (give exactly one).")
    async def author(
        self, info: ContextInfo, id: strawberry.ID | None = None, slug: str | None = None
    ) -> Author | None:
        if (id is None) == (slug is None):
            raise InputError("give exactly one of 'id' and 'slug'", field="id")
        loaders = info.context.loaders
        if id is not None:
            record = await loaders.author.load(from_global_id(str(id), expected={"Author"})[1])
        else:
            assert slug is not None
            record = await loaders.author_by_slug.load(slug)
        return Author.from_record(record) if record else None

    @strawberry.field(description="Any object by its global ID.")
    async def node(self, info: ContextInfo, id: strawberry.ID) -> Node | None:
        return await load_node(info, str(id))

    @strawberry.field(
        description="Several objects by global ID, in the order asked; null for unknown."
    )
    async def nodes(self, info: ContextInfo, ids: list[strawberry.ID]) -> list[Node | None]:
        limit = info.context.settings.max_page_size
        if len(ids) > limit:
            raise InputError(f"'ids' has {len(ids)} IDs; at most {limit}", field="ids")
        return [await load_node(info, str(global_id)) for global_id in ids]

    @strawberry.field(description="All papers, newest first unless orderBy says otherwise.")
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
            author_id=None,
            first=first,
            after=after,
            last=last,
            before=before,
            filter=filter,
            order_by=order_by,
        )

    @strawberry.field(description="All authors, by family name unless orderBy says otherwise.")
    async def authors(
        self,
        info: ContextInfo,
        first: Annotated[int | None, strawberry.argument(description=FIRST_HELP)] = None,
        after: str | None = None,
        last: Annotated[int | None, strawberry.argument(description=LAST_HELP)] = None,
        before: str | None = None,
        filter: AuthorFilter | None = None,
        order_by: AuthorOrder | None = None,
    ) -> Connection[Author]:
        context = info.context
        page = page_request(context.settings, first=first, after=after, last=last, before=before)
        return await authors_page(info, author_filter_spec(filter), author_window(order_by, page))

    @strawberry.field(
        description="Papers and authors matching every word of a search, ignoring case and "
        'diacritics; "quoted phrases" keep their words together, and the last word matches as '
        "a prefix unless the text ends in a space."
    )
    def search(
        self,
        info: ContextInfo,
        query: str,
        first: Annotated[int | None, strawberry.argument(description=SEARCH_FIRST_HELP)] = 10,
    ) -> SearchResult:
        size = SEARCH_FIRST if first is None else first
        page = page_request(info.context.settings, first=size, after=None, last=None, before=None)
        return SearchResult(search=parse_search(query, field="query"), page=page)

    @strawberry.field(
        description="Authors for a name being typed: every word starts a part of the name "
        "('ber' finds Rianne van den Berg), ignoring case and diacritics; most papers first."
    )
    async def author_suggestions(
        self,
        info: ContextInfo,
        prefix: str,
        first: Annotated[int | None, strawberry.argument(description="At most 100.")] = 10,
    ) -> list[Author]:
        context = info.context
        size = SEARCH_FIRST if first is None else first
        page = page_request(context.settings, first=size, after=None, last=None, before=None)
        spec = AuthorFilterSpec(name_prefixes=prefix_words(prefix, field="prefix"))
        order = AuthorOrder(field=AuthorOrderField.PAPER_COUNT)
        loaded = await context.loaders.author_page(spec, author_window(order, page))
        return [Author.from_record(record) for record in loaded.items]

    group = group_field
    groups = groups_field
