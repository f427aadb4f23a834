"""Templates to HTML: Jinja2 with autoescaping, so every name and title is escaped."""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "svg"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["css"] = Markup(stylesheet())
    return environment


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The pages' one stylesheet, inlined so a page is a single request."""
    return (TEMPLATES / "profile.css").read_text(encoding="utf-8").strip()


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    """No scripts, nothing from elsewhere, and only the pages' own stylesheet."""
    digest = base64.b64encode(hashlib.sha256(stylesheet().encode()).digest()).decode()
    return (
        f"default-src 'none'; style-src 'sha256-{digest}'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
    )


def render(template: str, **context: Any) -> str:
    """The page ``template`` (a file in ``templates/``) filled with ``context``."""
    return _environment().get_template(template).render(**context)
