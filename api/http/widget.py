"""The embeddable publication list: ``/widget.js`` and ``/embed/authors/{slug}`` for iframes."""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path
from string import Template

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.models import Author

STATIC = Path(__file__).resolve().parent.parent / "static"
# Relative to /embed/authors/{slug}, so the page also works under a path prefix.
SCRIPT_FROM_EMBED = "../../widget.js"
SCRIPT_CACHE = "public, max-age=3600"
EMBED_CACHE = "public, max-age=300"

author_table = Author.__table__  # type: ignore[attr-defined]


def _etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _page(template: Template, *, title: str, main: str) -> str:
    return template.substitute(title=escape(title), script=SCRIPT_FROM_EMBED, main=main)


def widget_router(sessions: async_sessionmaker[AsyncSession]) -> APIRouter:
    """Routes serving the widget script and the standalone embed page.

    Args:
        sessions: Opens the session an embed request uses to check that the author exists.
    """
    router = APIRouter(include_in_schema=False)
    script = (STATIC / "widget.js").read_bytes()
    script_headers = {
        "Cache-Control": SCRIPT_CACHE,
        "ETag": _etag(script),
        # Lab pages on any origin load it with a script tag.
        "Cross-Origin-Resource-Policy": "cross-origin",
    }
    template = Template((STATIC / "embed.html").read_text(encoding="utf-8"))

    @router.get("/widget.js")
    async def widget_script(request: Request) -> Response:
        if script_headers["ETag"] in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=script_headers)
        return Response(script, media_type="application/javascript", headers=script_headers)

    @router.get("/embed/authors/{slug}")
    async def embed_author(slug: str) -> HTMLResponse:
        async with sessions() as session:
            name = await session.scalar(
                select(author_table.c.name).where(author_table.c.slug == slug)
            )
        if name is None:
            main = (
                f"    <h1>Unknown author</h1>\n    <p>No author “{escape(slug)}” is known here.</p>"
            )
            return HTMLResponse(_page(template, title="Unknown author", main=main), status_code=404)
        element = (
            f"    <h1>Publications of {escape(name)}</h1>\n"
            f'    <papergraph-publications author="{escape(slug)}"></papergraph-publications>'
        )
        return HTMLResponse(
            _page(template, title=f"Publications of {name}", main=element),
            # Meant for iframes on other sites: say so, whatever a default header says.
            headers={"Cache-Control": EMBED_CACHE, "Content-Security-Policy": "frame-ancestors *"},
        )

    return router
