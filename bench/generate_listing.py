"""Write a synthetic research-portal listing and print the shape of what was written.

Usage: ``python -m bench.generate_listing OUT.txt [--papers N] [--seed S] [--blank-lines]``

The listing starts like a portal profile page: the interface sentences, then the owner, who is
the corpus's most prolific author, so the owner line names someone the records really contain.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from bench.corpus import (
    DEFAULT_PAPERS,
    DEFAULT_SEED,
    SyntheticAuthor,
    SyntheticPaper,
    generate_corpus,
    most_prolific_author,
    write_listing,
)


class _Tally:
    """Counts papers per author as papers stream past on their way to the listing."""

    def __init__(self) -> None:
        self.papers_by_author: Counter[SyntheticAuthor] = Counter()
        self.author_slots = 0

    def watch(self, papers: Iterable[SyntheticPaper]) -> Iterator[SyntheticPaper]:
        for paper in papers:
            self.author_slots += len(paper.authors)
            self.papers_by_author.update(paper.authors)
            yield paper


def _positive_count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate_listing",
        description="Write a deterministic synthetic research-portal listing (UTF-8, LF).",
    )
    parser.add_argument("out", type=Path, help="the listing file to write")
    parser.add_argument(
        "--papers",
        type=_positive_count,
        default=DEFAULT_PAPERS,
        help=f"number of papers (default {DEFAULT_PAPERS:,})",
    )
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"corpus seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--blank-lines", action="store_true", help="separate records with an empty line"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the listing named on the command line and print its statistics.

    Args:
        argv: The arguments after the program name; None reads ``sys.argv``.

    Returns:
        The exit status, 0 on success.

    Raises:
        RuntimeError: The owner is not the most prolific author of the written listing, which
            would mean the authorship replay and the generator disagree.
    """
    args = _parse_args(argv)
    started = time.perf_counter()
    owner = most_prolific_author(papers=args.papers, seed=args.seed)
    tally = _Tally()
    with args.out.open("w", encoding="utf-8", newline="\n") as out:
        papers = tally.watch(generate_corpus(papers=args.papers, seed=args.seed))
        written = write_listing(papers, out, owner=owner, blank_lines=args.blank_lines)
    elapsed = time.perf_counter() - started

    most_papers = max(tally.papers_by_author.values())
    if owner is None or tally.papers_by_author[owner] != most_papers:
        raise RuntimeError(f"owner {owner} is not the most prolific author of {args.out}")
    print(f"records written: {written}")
    print(f"distinct authors: {len(tally.papers_by_author)}")
    print(f"mean authors per paper: {tally.author_slots / written:.2f}")
    print(f"max papers per author: {most_papers} ({owner.family}, {owner.given}, the owner)")
    print(f"file size: {args.out.stat().st_size / 1e6:.1f} MB")
    print(f"elapsed seconds: {elapsed:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
