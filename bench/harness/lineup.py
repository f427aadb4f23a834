"""The servers of the comparison, in the order the report lists them."""

from __future__ import annotations

from bench.harness.servers import Kind, ServerSpec

FLOOR = "floor"
# The server the profile samples: the headline of the comparison.
PROFILED = "papergraph-postgres"


def server_specs(sqlite_url: str, postgres_url: str) -> list[ServerSpec]:
    """Papergraph on both backends (and with two workers), PostGraphile, and the floor."""
    return [
        ServerSpec("papergraph-sqlite", "Papergraph, SQLite", Kind.PAPERGRAPH, sqlite_url),
        ServerSpec("papergraph-postgres", "Papergraph, PostgreSQL", Kind.PAPERGRAPH, postgres_url),
        ServerSpec(
            "papergraph-postgres-2w",
            "Papergraph, PostgreSQL, 2 workers",
            Kind.PAPERGRAPH,
            postgres_url,
            workers=2,
        ),
        ServerSpec("postgraphile", "PostGraphile 5, PostgreSQL", Kind.POSTGRAPHILE, postgres_url),
        ServerSpec(FLOOR, "floor: one json_agg statement", Kind.FLOOR, postgres_url),
    ]


def select(specs: list[ServerSpec], names: str | None) -> list[ServerSpec]:
    """The servers named in a comma-separated list (all for None); the floor always runs."""
    if not names:
        return specs
    wanted = set(names.split(",")) | {FLOOR}
    unknown = wanted - {spec.name for spec in specs}
    if unknown:
        raise ValueError(f"unknown servers: {', '.join(sorted(unknown))}")
    return [spec for spec in specs if spec.name in wanted]
