"""``/authors/{slug}`` and ``/groups/{slug}``: profile pages as plain HTML, no JavaScript.

Pages link with relative URLs (``../authors/…``), so they work under a path prefix too. They
carry an ETag from the data version like the exports, and a Content-Security-Policy that
allows no script and nothing from elsewhere.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.data_version import read_data_version_async
from api.http.caching import NO_STORE, not_modified_or_none, validators
from api.pages.profiles import read_author_page, read_group_page
from api.pages.render import content_security_policy, render
from api.reads.publications import Rows
from api.settings import Settings

Reader = Callable[[Rows, str], Awaitable[Any]]


def pages_router(sessions: async_sessionmaker[AsyncSession], settings: Settings) -> APIRouter:
    """The profile pages, reading through ``sessions`` (one session per request)."""
    router = APIRouter(include_in_schema=False)
    policy = {"Content-Security-Policy": content_security_policy()}

    async def page(
        request: Request, slug: str, *, read: Reader, template: str, noun: str
    ) -> Response:
        async with sessions() as session:

            async def rows(statement: Executable) -> Sequence[Any]:
                return (await session.execute(statement)).all()

            data_version = await read_data_version_async(session)
            headers = validators(request, data_version, settings.cache_max_age) | policy
            # Only a page that exists has an ETag, so "*" must not match a missing one.
            if (cached := not_modified_or_none(request, headers, any_tag=False)) is not None:
                return cached
            found = await read(rows, slug)
        if found is None:
            return HTMLResponse(
                render("not_found.html", noun=noun, slug=slug),
                status_code=404,
                headers={"Cache-Control": NO_STORE, **policy},
            )
        return HTMLResponse(render(template, page=found), headers=headers)

    @router.get("/authors/{slug}")
    async def author_page(request: Request, slug: str) -> Response:
        return await page(
            request, slug, read=read_author_page, template="author.html", noun="author"
        )

    @router.get("/groups/{slug}")
    async def group_page(request: Request, slug: str) -> Response:
        return await page(request, slug, read=read_group_page, template="group.html", noun="group")

    return router
