"""Load and fault: concurrent clients mixing reads, writes and hostile requests for a minute.

Usage: ``python -m bench.load_and_fault [--backend sqlite|postgresql] [--seconds 60]``

Starts ``papergraph serve`` on 127.0.0.1 with a fresh database (the seed listing and one API
key), then runs ``--clients`` workers until the time is up. Each request is a read (lists,
an author with papers and co-authors, nodes), a write (``createPaper`` with the key) or a
hostile request: too deep, too many aliases or fields, too costly, a fragment bomb, a body
over the limit, malformed JSON, a wrong content type or method, a batch, a GET mutation.
At the end every accepted write is read back, and the server's resident memory, sampled
before the load, after the warm-up and at the end, must not have grown by more than 10%.
Prints the figures; exits non-zero when any answer was a 5xx or a dropped connection, a
write is missing, or memory grew. Traffic goes to 127.0.0.1 only, bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.orm import Session

from api.auth.keys import create_api_key
from api.db import create_sync_engine
from api.ingest.service import import_papers, parse_files
from tests.support.databases import database_factory
from tests.support.served_api import free_port

ROOT = Path(__file__).resolve().parents[1]
SEED_FILE = ROOT / "seeds" / "welling-max.portal.txt"
WARM_UP_SECONDS = 10
MAX_MEMORY_GROWTH = 0.10

READS = [
    "{ papers(first: 20) { totalCount nodes { id title year authors { name } } } }",
    """{ author(slug: "max-welling") { name paperCount papers(first: 10) { nodes { title } }
        coauthors(first: 5) { sharedPaperCount author { name } } } }""",
    "{ authors(first: 50, orderBy: {field: PAPER_COUNT}) { nodes { slug paperCount } } }",
    '{ papers(first: 5, filter: {titleContains: "load"}) { totalCount nodes { id } } }',
]
CREATE = """mutation Create($input: CreatePaperInput!) {
  createPaper(input: $input) { paper { id title } } }"""
DEEP = "{ papers { nodes { authors { " * 6 + "name" + " } } }" * 6 + " }"
FRAGMENT_BOMB = (
    "{ ...F0 } "
    + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(30))
    + " fragment F30 on Query { __typename }"
)
HOSTILE: dict[str, dict[str, Any]] = {
    "deep": {"json": {"query": DEEP}},
    "aliases": {"json": {"query": "{ " + " ".join(f"a{i}: __typename" for i in range(500)) + " }"}},
    "fields": {"json": {"query": "{ " + "papers { totalCount } " * 400 + "}"}},
    "costly": {
        "json": {
            "query": "{ papers(first: 100) { nodes { authors { papers(first: 100) { nodes { "
            "authors { papers(first: 100) { totalCount } } } } } } } }"
        }
    },
    "fragment bomb": {"json": {"query": FRAGMENT_BOMB}},
    "huge body": {"json": {"query": "{ __typename }", "padding": "x" * 300_000}},
    "malformed json": {"content": b'{"query": "{ papers { ', "json_type": True},
    "wrong content type": {"content": b"{ papers { totalCount } }", "type": "text/plain"},
    "wrong method": {"method": "PUT", "json": {"query": "{ __typename }"}},
    "batch": {"json": [{"query": "{ __typename }"}] * 50},
    "get mutation": {"method": "GET", "params": {"query": CREATE}},
    "bad variables": {"json": {"query": CREATE, "variables": {"input": {"title": 5}}}},
}


@dataclass
class Tally:
    """What the clients saw."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    written: list[str] = field(default_factory=list)
    refused_writes: Counter[str] = field(default_factory=Counter)

    def count(self, kind: str, status: int) -> None:
        self.statuses[(kind, status)] += 1

    @property
    def server_errors(self) -> int:
        return sum(n for (_kind, status), n in self.statuses.items() if status >= 500)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def _prepare(url: str) -> str:
    engine = create_sync_engine(url)
    try:
        import_papers(engine, parse_files([SEED_FILE]))
        with Session(engine) as session, session.begin():
            return create_api_key(session, name="load-and-fault").key
    finally:
        engine.dispose()


@contextmanager
def _server(url: str, workdir: Path) -> Iterator[tuple[str, int]]:
    port = free_port()
    log = (workdir / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        cwd=workdir,
        env={**os.environ, "PAPERGRAPH_DATABASE_URL": url, "PAPERGRAPH_LOG_LEVEL": "warning"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"the server did not come up; see {workdir / 'serve.log'}")
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


async def _read(http: httpx.AsyncClient, rng: random.Random, tally: Tally) -> None:
    reply = await http.post("/graphql", json={"query": rng.choice(READS)})
    tally.count("read", reply.status_code)


async def _write(http: httpx.AsyncClient, key: str, name: str, tally: Tally) -> None:
    paper = {"title": f"Load paper {name}", "authors": ["Load, Tester", "Welling, Max"]}
    reply = await http.post(
        "/graphql",
        json={"query": CREATE, "variables": {"input": paper}},
        headers={"Authorization": f"Bearer {key}"},
    )
    tally.count("write", reply.status_code)
    body = reply.json() if reply.status_code < 500 else {}
    created = ((body.get("data") or {}).get("createPaper") or {}).get("paper")
    if created and not body.get("errors"):
        tally.written.append(created["id"])
    else:
        errors = body.get("errors") or [{}]
        tally.refused_writes[(errors[0].get("extensions") or {}).get("code", "no data")] += 1


async def _hostile(http: httpx.AsyncClient, rng: random.Random, tally: Tally) -> None:
    kind = rng.choice(list(HOSTILE))
    spec = HOSTILE[kind]
    headers = {"Content-Type": spec["type"]} if "type" in spec else {}
    if spec.get("json_type"):
        headers["Content-Type"] = "application/json"
    reply = await http.request(
        spec.get("method", "POST"),
        "/graphql",
        json=spec.get("json"),
        content=spec.get("content"),
        params=spec.get("params"),
        headers=headers,
    )
    tally.count(f"hostile: {kind}", reply.status_code)


async def _client(number: int, base: str, key: str, until: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed + number)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        sent = 0
        while time.monotonic() < until:
            roll = rng.random()
            kind = "read" if roll < 0.6 else "write" if roll < 0.75 else "hostile"
            try:
                if kind == "read":
                    await _read(http, rng, tally)
                elif kind == "write":
                    await _write(http, key, f"{number}-{sent}", tally)
                else:
                    await _hostile(http, rng, tally)
            except httpx.TransportError as error:
                tally.dropped[f"{kind}: {type(error).__name__}"] += 1
            sent += 1


async def _readable(base: str, ids: list[str]) -> int:
    found = 0
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        for start in range(0, len(ids), 100):
            batch = ids[start : start + 100]
            query = "query Back($ids: [ID!]!) { nodes(ids: $ids) { id } }"
            reply = await http.post("/graphql", json={"query": query, "variables": {"ids": batch}})
            found += sum(1 for node in reply.json()["data"]["nodes"] if node is not None)
    return found


async def _load(base: str, pid: int, key: str, args: argparse.Namespace) -> dict[str, Any]:
    tally = Tally()
    memory = {"start": _rss_mb(pid)}
    started = time.monotonic()
    until = started + args.seconds
    clients = [
        asyncio.create_task(_client(n, base, key, until, tally, args.seed))
        for n in range(args.clients)
    ]
    await asyncio.sleep(min(WARM_UP_SECONDS, args.seconds / 2))
    memory["warm"] = _rss_mb(pid)
    await asyncio.gather(*clients)
    elapsed = time.monotonic() - started
    memory["end"] = _rss_mb(pid)
    readable = await _readable(base, tally.written)
    return {"tally": tally, "memory": memory, "elapsed": elapsed, "readable": readable}


def _report(backend: str, result: dict[str, Any]) -> bool:
    tally: Tally = result["tally"]
    memory = result["memory"]
    total = sum(tally.statuses.values())
    dropped = sum(tally.dropped.values())
    growth = (memory["end"] - memory["warm"]) / memory["warm"]
    rate = total / result["elapsed"]
    lines = [f"load and fault on {backend}: {total:,} requests in {result['elapsed']:.0f} s"]
    lines[0] += f" ({rate:.0f}/s)"
    lines += [
        f"  {kind:<28} {status}  {n:>7,}" for (kind, status), n in sorted(tally.statuses.items())
    ]
    lines += [f"  dropped {kind:<20} {n:>7,}" for kind, n in sorted(tally.dropped.items())]
    lines.append(f"  5xx answers: {tally.server_errors}; dropped connections: {dropped}")
    lines.append(
        f"  writes accepted: {len(tally.written):,}, readable afterwards: "
        f"{result['readable']:,}, refused: {dict(tally.refused_writes)}"
    )
    lines.append(
        f"  server memory (RSS): {memory['start']:.0f} MB at start, {memory['warm']:.0f} MB "
        f"after warm-up, {memory['end']:.0f} MB at the end ({growth:+.1%} since warm-up)"
    )
    print("\n".join(lines))
    return (
        tally.server_errors == 0
        and dropped == 0
        and result["readable"] == len(tally.written)
        and growth <= MAX_MEMORY_GROWTH
    )


def main() -> None:
    """Run the load against one backend and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as directory,
        database_factory(args.backend, Path(directory)) as databases,
    ):
        url = databases.migrated()
        key = _prepare(url)
        with _server(url, Path(directory)) as (base, pid):
            result = asyncio.run(_load(base, pid, key, args))
        passed = _report(args.backend, result)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
