"""Publication lists over plain GET, for lab websites and reference managers.

``/authors/{slug}/publications.{bib,json,ris,atom}``, the same under ``/groups/{slug}/`` for a
group (its members' papers from their years as members), and ``/papers/{id}.{bib,json,ris}``,
with an optional ``?year=2019`` or ``?year=2017-2019``. Every answer carries an ETag and
Cache-Control; a client whose copy is current gets 304 Not Modified.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from sqlalchemy import Executable, Select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.data_version import read_data_version_async
from api.errors import InputError
from api.exports.atom import FeedHead, atom_feed, stable_urn
from api.exports.formats import RENDERERS, ExportFormat
from api.graphql.ids import MAX_KEY, from_global_id
from api.http.caching import NO_STORE, not_modified_or_none, validators
from api.reads.groups import group_head_select
from api.reads.papers import PaperFilterSpec, paper_conditions, paper_table
from api.reads.publications import (
    AuthorHead,
    Publication,
    Rows,
    author_head_select,
    read_publications,
)
from api.settings import Settings

_YEARS = re.compile(r"(\d{4})(?:\s*[-\u2013]\s*(\d{4}))?")
_AUTHOR_FORMATS = tuple(ExportFormat)
_PAPER_FORMATS = (ExportFormat.BIBTEX, ExportFormat.CSL_JSON, ExportFormat.RIS)


@dataclass(frozen=True, slots=True)
class _Owner:
    """Whose publication list a route serves: an author's or a group's."""

    noun: str
    path: str
    head: Callable[[str], Select[Any]]
    papers: Callable[[int], PaperFilterSpec]


_AUTHOR = _Owner(
    "author", "authors", author_head_select, lambda key: PaperFilterSpec(author_id=key)
)
_GROUP = _Owner("group", "groups", group_head_select, lambda key: PaperFilterSpec(group_id=key))


def _problem(status: int, message: str) -> HTTPException:
    # Error answers describe this moment; no cache should keep them.
    return HTTPException(status, detail=message, headers={"Cache-Control": NO_STORE})


def _format(extension: str, allowed: Sequence[ExportFormat]) -> ExportFormat:
    for candidate in allowed:
        if candidate.value == extension:
            return candidate
    *others, last = [f".{choice.value}" for choice in allowed]
    raise _problem(404, f"unknown format '.{extension}': use {', '.join(others)} or {last}")


def year_range(value: str | None) -> tuple[int | None, int | None]:
    """The ``?year=`` filter: "2019" or "2017-2019"; (None, None) when absent.

    Raises:
        InputError: The value is neither, or the range runs backwards.
    """
    if value is None:
        return None, None
    found = _YEARS.fullmatch(value.strip())
    if found is None:
        raise InputError(
            f"year must be a year like 2019 or a range like 2017-2019, got {value[:40]!r}",
            field="year",
        )
    first = int(found.group(1))
    last = int(found.group(2) or first)
    if last < first:
        raise InputError(f"year range {value!r} ends before it starts", field="year")
    return first, last


def _paper_key(paper_id: str) -> int:
    """A paper's key from its global ID or its plain number (``/papers/12.bib``)."""
    if paper_id.isascii() and paper_id.isdigit():
        return int(paper_id) if len(paper_id) <= 10 else MAX_KEY + 1
    return from_global_id(paper_id, expected={"Paper"})[1]


def _runner(session: AsyncSession) -> Rows:
    async def rows(statement: Executable) -> Sequence[Any]:
        return (await session.execute(statement)).all()

    return rows


def exports_router(sessions: async_sessionmaker[AsyncSession], settings: Settings) -> APIRouter:
    """The export routes, reading through ``sessions`` (one session per request)."""
    router = APIRouter(tags=["exports"])
    max_age = settings.cache_max_age

    async def publication_list(
        request: Request, owner: _Owner, slug: str, extension: str, year: str | None
    ) -> Response:
        export = _format(extension, _AUTHOR_FORMATS)
        try:
            year_from, year_to = year_range(year)
        except InputError as error:
            raise _problem(400, error.message) from None
        async with sessions() as session:
            rows = _runner(session)
            data_version = await read_data_version_async(session)
            found = await rows(owner.head(slug))
            if not found:
                raise _problem(404, f"no {owner.noun} with slug {slug!r}")
            # A group's head has the same columns as an author's.
            head = AuthorHead(**found[0]._mapping)
            headers = validators(request, data_version, max_age)
            if (cached := not_modified_or_none(request, headers)) is not None:
                return cached
            spec = replace(owner.papers(head.id), year_from=year_from, year_to=year_to)
            publications = await read_publications(rows, paper_conditions(spec))
        if export is ExportFormat.ATOM:
            body = atom_feed(publications, _feed_head(request, owner, head, year))
        else:
            body = RENDERERS[export](publications)
        return Response(body, media_type=export.media_type, headers=headers)

    @router.get("/authors/{slug}/publications.{extension}", summary="An author's publications")
    async def author_publications(
        request: Request, slug: str, extension: str, year: str | None = None
    ) -> Response:
        return await publication_list(request, _AUTHOR, slug, extension, year)

    @router.get(
        "/groups/{slug}/publications.{extension}",
        summary="A group's publications: its members' papers from their years as members",
    )
    async def group_publications(
        request: Request, slug: str, extension: str, year: str | None = None
    ) -> Response:
        return await publication_list(request, _GROUP, slug, extension, year)

    @router.get("/papers/{paper_id}.{extension}", summary="One paper as a reference")
    async def paper_reference(request: Request, paper_id: str, extension: str) -> Response:
        export = _format(extension, _PAPER_FORMATS)
        try:
            key = _paper_key(paper_id)
        except InputError as error:
            raise _problem(400, error.message) from None
        async with sessions() as session:
            data_version = await read_data_version_async(session)
            publications: list[Publication] = []
            if 0 < key <= MAX_KEY:
                publications = await read_publications(_runner(session), [paper_table.c.id == key])
        if not publications:
            raise _problem(404, f"no paper with id {paper_id!r}")
        headers = validators(request, data_version, max_age)
        if (cached := not_modified_or_none(request, headers)) is not None:
            return cached
        body = RENDERERS[export](publications)
        return Response(body, media_type=export.media_type, headers=headers)

    return router


def _feed_head(request: Request, owner: _Owner, head: AuthorHead, year: str | None) -> FeedHead:
    scope = f"{owner.path}/{head.slug}/publications" + (f"?year={year.strip()}" if year else "")
    title = f"Publications of {head.name}" + (f" ({year.strip()})" if year else "")
    return FeedHead(
        id=stable_urn(scope),
        title=title,
        author=head.name,
        self_url=str(request.url),
        updated=head.updated_at,
    )
