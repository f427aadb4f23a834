"""Comparing servers' answers, and reading py-spy's samples."""

from __future__ import annotations

from bench.harness.dialects.floor import FloorDialect
from bench.harness.dialects.postgraphile import PostGraphileDialect
from bench.harness.paths import REPO_DIR
from bench.harness.profile import package_of, summarise
from bench.harness.queries import Q1, Q2
from bench.harness.verify import compare


def _papergraph_q1(titles: list[str]) -> dict[str, object]:
    nodes = [{"title": t, "year": 2020, "authors": [{"name": "A"}, {"name": "B"}]} for t in titles]
    return {"data": {"author": {"papers": {"nodes": nodes}}}}


def _postgraphile_q1(titles: list[str], names: list[str]) -> dict[str, object]:
    authors = {"nodes": [{"authorByAuthorId": {"name": name}} for name in names]}
    nodes = [{"title": t, "year": 2020, "authorshipsByPaperId": authors} for t in titles]
    return {"data": {"authorBySlug": {"recentPapers": {"nodes": nodes}}}}


def test_answers_from_different_schemas_compare_equal() -> None:
    reference = [FloorDialect().answer(Q1, _papergraph_q1(["One", "Two"]))]
    same = _postgraphile_q1(["One", "Two"], ["A", "B"])
    check = compare(Q1, reference, "postgraphile", PostGraphileDialect(), [same])
    assert check.ok and check.compared == 1


def test_a_different_author_order_is_reported() -> None:
    reference = [FloorDialect().answer(Q1, _papergraph_q1(["One", "Two"]))]
    swapped = _postgraphile_q1(["One", "Two"], ["B", "A"])
    check = compare(Q1, reference, "postgraphile", PostGraphileDialect(), [swapped])
    assert not check.ok
    assert check.problem is not None and check.problem.startswith(
        "item 1: ('One', 2020, ('B', 'A'))"
    )


def test_graphql_errors_are_reported_not_compared() -> None:
    reference = [None]
    failed = {"errors": [{"message": "Cannot read properties of undefined (reading 'items')"}]}
    check = compare(Q2, reference, "postgraphile", PostGraphileDialect(), [failed])
    assert check.problem is not None and "reading 'items'" in check.problem


def test_profile_summary_by_function_and_package() -> None:
    entry = f"serve ({REPO_DIR}/api/cli.py:150)"
    loop = "run (/usr/lib/python3.11/asyncio/runners.py:118)"
    resolver = f"authors ({REPO_DIR}/api/graphql/types.py:230)"
    loader = "load (/srv/.venv/lib/python3.11/site-packages/strawberry/dataloader.py:200)"
    generated = "<lambda> (<string>:1)"
    collapsed = "\n".join(
        [
            f"{entry};{loop};{resolver};{loader} 5",
            f"{entry};{loop};{resolver};{generated} 1",
            f"{entry};{loop};{resolver} 1",
            f"{entry};{loop} 3",
        ]
    )
    summary = summarise(collapsed, top=3)
    assert summary.samples == 10
    assert [(line.name, line.self_share) for line in summary.by_self] == [
        ("load (strawberry/dataloader.py)", 0.5),
        ("run (asyncio/runners.py)", 0.3),
        ("<lambda> (<string>:1)", 0.1),
    ]
    # Papergraph's functions with their callees' time; the entry point, in every sample, is not.
    assert [(line.name, line.total_share) for line in summary.by_total] == [
        ("authors (api/graphql/types.py)", 0.7),
    ]
    # Generated code counts for the package that called it.
    assert [(line.name, line.self_share) for line in summary.by_package] == [
        ("strawberry", 0.5),
        ("asyncio", 0.3),
        ("api/graphql", 0.2),
    ]
    assert package_of("process 42") == "other"
