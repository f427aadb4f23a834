"""A compiled statement as the driver's own SQL text and positional parameters.

The compiled lane (:mod:`api.graphql.compiled.lane`) hands statements to asyncpg and sqlite3
directly; SQLAlchemy renders each statement's text once, and each request only orders its
parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import Dialect

from api.graphql.compiled.selection import CompiledQuery


@dataclass(frozen=True, slots=True)
class RawStatement:
    """SQL text in the driver's parameter style, and how to order a request's parameters."""

    text: str
    names: tuple[str, ...]
    defaults: Mapping[str, object]

    def values(self, parameters: Mapping[str, object]) -> list[object]:
        """The positional values, the request's ``parameters`` in place of the compiled ones."""
        return [parameters.get(name, self.defaults[name]) for name in self.names]


def raw_statement(compiled: CompiledQuery, dialect: Dialect) -> RawStatement | None:
    """The statement for ``dialect``'s driver, or None when only SQLAlchemy can run it.

    None when a parameter needs SQLAlchemy's own processing: a value converted on the way in,
    or a list expanded into the text. The compiler makes neither today; this keeps it honest.
    """
    key = dialect.name
    if key not in compiled.texts:
        rendered = compiled.statement.compile(dialect=dialect)
        positional = rendered.positiontup
        plain = (
            positional is not None
            and not rendered._bind_processors
            and not rendered.literal_execute_params
            and not rendered.post_compile_params
        )
        compiled.texts[key] = (
            RawStatement(rendered.string, tuple(positional), dict(rendered.params))
            if plain and positional is not None
            else None
        )
    raw: RawStatement | None = compiled.texts[key]
    return raw
