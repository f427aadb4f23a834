"""Import benchmark: a 100,000-record listing into a fresh database, timed, with peak memory.

Usage: ``python -m bench.import_listing [--papers N] [--database-url URL] [--listing PATH]``

The listing is generated once (deterministically) and reused. ``papergraph seed`` runs in a
child process, so its peak RSS is the import's alone; then the same file is imported again to
show the idempotent path.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.corpus import DEFAULT_PAPERS

TARGET_SECONDS = 60
TARGET_MB = 500


def _ensure_listing(path: Path, papers: int) -> None:
    if path.exists():
        return
    command = [sys.executable, "-m", "bench.generate_listing", str(path), "--papers", str(papers)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def _timed_seed(listing: Path, database_url: str) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and the summary line of one ``papergraph seed`` run."""
    env = {**os.environ, "PAPERGRAPH_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "api.cli", "seed", str(listing)]
    with tempfile.TemporaryFile("w+") as output:
        started = time.perf_counter()
        child = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, text=True
        )
        # wait4 gives this child's own peak; RUSAGE_CHILDREN would give the largest of any child
        # so far, so the re-import would report the first import's peak.
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    if child.returncode != 0:
        raise SystemExit(f"papergraph seed failed ({child.returncode}):\n{text}")
    summary = next(line for line in text.splitlines() if "unchanged papers" in line)
    return elapsed, usage.ru_maxrss / 1024, summary


def main(argv: Sequence[str] | None = None) -> None:
    """Generate (once), import twice, print the figures against the targets."""
    parser = argparse.ArgumentParser(prog="python -m bench.import_listing")
    parser.add_argument("--papers", type=int, default=DEFAULT_PAPERS)
    parser.add_argument("--listing", type=Path, default=None)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args(argv)
    listing = args.listing or Path(tempfile.gettempdir()) / f"papergraph-{args.papers}.txt"
    _ensure_listing(listing, args.papers)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/import.db"
        print(f"listing {listing} ({listing.stat().st_size / 1e6:.0f} MB), database {url}")
        for label in ("first import", "re-import"):
            seconds, peak_mb, summary = _timed_seed(listing, url)
            print(f"{label:>12}: {seconds:6.1f} s, peak RSS {peak_mb:5.0f} MB  | {summary}")
    print(f"targets: under {TARGET_SECONDS} s and under {TARGET_MB} MB for the first import")


if __name__ == "__main__":
    main()
