"""Before anything is timed: every server must return the floor's answer to every query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bench.harness.dialects import JSON, AnswerError, Dialect
from bench.harness.queries import BenchQuery

# Q2 cycles through many IDs; this many of them are compared.
COMPARED_BODIES = 25


@dataclass(frozen=True, slots=True)
class Check:
    """How one server's answers to one query compared with the reference."""

    server: str
    query: str
    compared: int
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """Whether every compared answer matched."""
        return self.problem is None


def compare(
    query: BenchQuery,
    reference: Sequence[object],
    server: str,
    dialect: Dialect,
    responses: Sequence[JSON],
) -> Check:
    """Compare a server's responses with the reference answers, body by body.

    Args:
        query: The query asked.
        reference: The reference's canonical answers, one per body.
        server: The server's name, for the report.
        dialect: Reads the server's responses.
        responses: The server's responses to the same bodies, in the same order.
    """
    for index, (expected, response) in enumerate(zip(reference, responses, strict=True)):
        try:
            answer = dialect.answer(query, response)
        except (AnswerError, KeyError, TypeError) as error:
            return Check(server, query.key, index + 1, f"request {index + 1}: {error}")
        if answer != expected:
            return Check(server, query.key, index + 1, describe_difference(expected, answer))
    return Check(server, query.key, len(reference))


def describe_difference(expected: object, actual: object) -> str:
    """A short account of where two canonical answers first differ."""
    if isinstance(expected, tuple) and isinstance(actual, tuple):
        if len(expected) != len(actual) and not _is_record(expected):
            return f"{len(actual)} items instead of {len(expected)}"
        for index, (left, right) in enumerate(zip(expected, actual, strict=False)):
            if left != right:
                return f"item {index + 1}: {_short(right)} instead of {_short(left)}"
    return f"{_short(actual)} instead of {_short(expected)}"


def _is_record(value: tuple[object, ...]) -> bool:
    # A (totalCount, nodes) or (title, abstract, authors) pair, not a list of rows.
    return bool(value) and not isinstance(value[0], tuple)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "..."
