"""Load the synthetic corpus (with years and venues) into a database through the importer.

Usage: ``python -m bench.load_corpus DATABASE_URL [--papers N] [--seed S]``

The portal listing format has no years or venues, so benchmarks that filter by year load the
generated papers through ``load_papers`` directly: the same import path, minus the text parser.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Iterator, Sequence

from api import migrate
from api.db import create_sync_engine
from api.ingest.names import parse_name
from api.ingest.records import IncomingPaper
from api.ingest.service import import_papers
from bench.corpus import DEFAULT_PAPERS, DEFAULT_SEED, SyntheticPaper, generate_corpus


def incoming(papers: Iterator[SyntheticPaper]) -> Iterator[IncomingPaper]:
    """The generated papers as the importer takes them."""
    for paper in papers:
        yield IncomingPaper(
            title=paper.title,
            authors=tuple(parse_name(a.family, a.given) for a in paper.authors),
            abstract=paper.abstract,
            year=paper.year,
            venue=paper.venue,
        )


def main(argv: Sequence[str] | None = None) -> None:
    """Migrate ``DATABASE_URL`` and import the corpus into it, printing time and peak memory."""
    parser = argparse.ArgumentParser(prog="python -m bench.load_corpus")
    parser.add_argument("database_url")
    parser.add_argument("--papers", type=int, default=DEFAULT_PAPERS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    engine = create_sync_engine(args.database_url)
    migrate.upgrade(engine)
    started = time.perf_counter()
    papers = list(incoming(generate_corpus(papers=args.papers, seed=args.seed)))
    summary = import_papers(engine, papers)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"loaded {summary.papers_new:,} new papers, {summary.authors_new:,} new authors, "
        f"{summary.authorships_written:,} authorships in {elapsed:.1f} s, peak RSS {peak_mb:.0f} MB"
    )
    engine.dispose()


if __name__ == "__main__":
    main()
