"""Filter and order inputs, and their translation into the read layer's specs."""

from __future__ import annotations

from enum import Enum

import strawberry

from api.errors import InputError
from api.graphql.ids import from_global_id
from api.reads.authors import AuthorFilterSpec, AuthorSortField, author_sort
from api.reads.keyset import PageRequest, Window
from api.reads.papers import PaperFilterSpec, PaperSortField, paper_sort
from api.search.query import SearchQuery, parse_search
from api.settings import Settings


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.enum(description="What papers can be ordered by.")
class PaperOrderField(Enum):
    TITLE = "title"
    YEAR = "year"
    CREATED = "created"
    RELEVANCE = strawberry.enum_value(
        "relevance",
        description="Most relevant first (title matches, then abstract matches); needs "
        "filter.search, which makes it the default; pages forward only (first/after).",
    )


@strawberry.enum(description="What authors can be ordered by.")
class AuthorOrderField(Enum):
    NAME = "name"
    PAPER_COUNT = "paper_count"


@strawberry.enum(description="A format for a whole publication list.")
class PublicationFormat(Enum):
    BIBTEX = "bib"
    CSL_JSON = "json"
    RIS = "ris"


@strawberry.input(description="Paper filters; all given conditions must hold.")
class PaperFilter:
    author_id: strawberry.ID | None = strawberry.field(
        default=None, description="Papers this author (global ID) wrote."
    )
    author_slug: str | None = strawberry.field(
        default=None, description="Papers the author with this slug wrote."
    )
    year_from: int | None = strawberry.field(default=None, description="Year at least this.")
    year_to: int | None = strawberry.field(default=None, description="Year at most this.")
    venue: str | None = strawberry.field(default=None, description="Exactly this venue.")
    title_contains: str | None = strawberry.field(
        default=None, description="Title contains this text, ignoring case and diacritics."
    )
    search: str | None = strawberry.field(
        default=None,
        description='Title or abstract has every word, ignoring case and diacritics; "quoted '
        'phrases" keep their words together; the last word matches as a prefix unless the text '
        "ends in a space. Orders by RELEVANCE unless orderBy says otherwise.",
    )


@strawberry.input(description="Paper order. The direction defaults to DESC for YEAR and CREATED.")
class PaperOrder:
    field: PaperOrderField = PaperOrderField.YEAR
    direction: OrderDirection | None = None


@strawberry.input(description="Author filters.")
class AuthorFilter:
    name_contains: str | None = strawberry.field(
        default=None,
        description="Name contains this, ignoring case and diacritics ('kohler' finds Köhler).",
    )


@strawberry.input(description="Author order. The direction defaults to DESC for PAPER_COUNT.")
class AuthorOrder:
    field: AuthorOrderField = AuthorOrderField.NAME
    direction: OrderDirection | None = None


_MAX_TEXT = 1_000


def _text(value: str | None, field: str) -> str | None:
    if value is not None and len(value) > _MAX_TEXT:
        raise InputError(f"'{field}' is {len(value)} characters; at most {_MAX_TEXT}", field=field)
    if value is not None and "\x00" in value:
        # PostgreSQL text cannot hold it, and no stored text has it.
        raise InputError(f"'{field}' contains a NUL character (\\x00)", field=field)
    return value


def paper_filter_spec(value: PaperFilter | None) -> PaperFilterSpec:
    """The read-layer form of a ``PaperFilter``."""
    if value is None:
        return PaperFilterSpec()
    author_id = None
    if value.author_id is not None:
        author_id = from_global_id(str(value.author_id), expected={"Author"})[1]
    return PaperFilterSpec(
        author_id=author_id,
        author_slug=_text(value.author_slug, "filter.authorSlug"),
        year_from=value.year_from,
        year_to=value.year_to,
        venue=_text(value.venue, "filter.venue"),
        title_contains=_text(value.title_contains, "filter.titleContains"),
        search=_search(value.search, "filter.search"),
    )


def _search(value: str | None, field: str) -> SearchQuery | None:
    return None if value is None else parse_search(value, field=field)


def author_filter_spec(value: AuthorFilter | None) -> AuthorFilterSpec:
    """The read-layer form of an ``AuthorFilter``."""
    if value is None:
        return AuthorFilterSpec()
    return AuthorFilterSpec(name_contains=_text(value.name_contains, "filter.nameContains"))


def _descending(direction: OrderDirection | None, default_descending: bool) -> bool:
    return default_descending if direction is None else direction is OrderDirection.DESC


def paper_window(order: PaperOrder | None, page: PageRequest, *, searching: bool = False) -> Window:
    """Sort and page for a papers connection; default year descending, nulls last, then title.

    With a search the default is relevance, which needs a search and pages forward only.
    """
    if order is None and searching:
        order = PaperOrder(field=PaperOrderField.RELEVANCE)
    order = order or PaperOrder()
    field = PaperSortField(order.field.value)
    if field is PaperSortField.RELEVANCE:
        _check_relevance(order, page, searching)
    descending = _descending(order.direction, field is not PaperSortField.TITLE)
    return Window(sort=paper_sort(field, descending), page=page)


def _check_relevance(order: PaperOrder, page: PageRequest, searching: bool) -> None:
    if not searching:
        raise InputError("orderBy RELEVANCE needs filter.search", field="orderBy.field")
    if order.direction is OrderDirection.ASC:
        raise InputError(
            "orderBy RELEVANCE runs one way, most relevant first; leave direction out",
            field="orderBy.direction",
        )
    if page.backward or page.before is not None:
        raise InputError(
            "orderBy RELEVANCE pages forward only; use first and after",
            field="last" if page.backward else "before",
        )


def author_window(order: AuthorOrder | None, page: PageRequest) -> Window:
    """Sort and page for an authors connection; default by name."""
    order = order or AuthorOrder()
    field = AuthorSortField(order.field.value)
    descending = _descending(order.direction, field is AuthorSortField.PAPER_COUNT)
    return Window(sort=author_sort(field, descending), page=page)


def page_request(
    settings: Settings,
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageRequest:
    """Validated page arguments under the configured limits."""
    return PageRequest.build(
        first=first,
        after=after,
        last=last,
        before=before,
        default_size=settings.default_page_size,
        max_size=settings.max_page_size,
    )
