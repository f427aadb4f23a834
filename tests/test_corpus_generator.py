"""The synthetic corpus generator: deterministic, realistically shaped, a well-formed listing."""

from __future__ import annotations

import hashlib
import io
import os
import re
import statistics
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from bench.corpus import (
    FIRST_YEAR,
    INTERFACE_PREAMBLE,
    LAST_YEAR,
    SyntheticAuthor,
    SyntheticPaper,
    generate_corpus,
    most_prolific_author,
    write_listing,
)
from bench.generate_listing import main

ROOT = Path(__file__).resolve().parent.parent
SEED = 7
SMALL = 2_000
SHAPE = 20_000
NOT_IN_NAMES = re.compile(r"[,\d:;?!]")


@pytest.fixture(scope="module")
def small() -> list[SyntheticPaper]:
    return list(generate_corpus(papers=SMALL, seed=SEED))


@pytest.fixture(scope="module")
def shaped() -> list[SyntheticPaper]:
    """Large enough for the Zipf head and the rare cases (12+ authors, particles) to show."""
    return list(generate_corpus(papers=SHAPE, seed=SEED))


def _listing(
    papers: list[SyntheticPaper], *, owner: SyntheticAuthor | None = None, blank_lines: bool = False
) -> str:
    out = io.StringIO()
    write_listing(papers, out, owner=owner, blank_lines=blank_lines)
    return out.getvalue()


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _papers_per_author(papers: list[SyntheticPaper]) -> Counter[SyntheticAuthor]:
    return Counter(author for paper in papers for author in paper.authors)


# --- Determinism -------------------------------------------------------------------------------


def test_same_seed_gives_the_same_listing(small: list[SyntheticPaper]) -> None:
    again = list(generate_corpus(papers=SMALL, seed=SEED))
    assert again == small
    assert _listing(again) == _listing(small)


def test_another_seed_gives_another_corpus(small: list[SyntheticPaper]) -> None:
    other = list(generate_corpus(papers=SMALL, seed=SEED + 1))
    assert sum(a.title == b.title for a, b in zip(other, small, strict=True)) < SMALL // 100
    assert _papers_per_author(other).keys() != _papers_per_author(small).keys()


def test_listing_bytes_do_not_depend_on_the_hash_seed() -> None:
    # A stray hash() or set iteration would change the output between these two processes.
    script = (
        "import hashlib, io; from bench.corpus import generate_corpus, write_listing\n"
        "out = io.StringIO(); write_listing(generate_corpus(papers=300, seed=7), out)\n"
        "print(hashlib.sha256(out.getvalue().encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for hash_seed in ("0", "4242")
    }
    in_process = _listing(list(generate_corpus(papers=300, seed=SEED))).encode()
    assert digests == {hashlib.sha256(in_process).hexdigest()}


def test_a_prefix_is_the_start_of_the_longer_corpus(small: list[SyntheticPaper]) -> None:
    # Only the Zipf core grows with the corpus size, so bylines differ; text does not.
    shorter = list(generate_corpus(papers=500, seed=SEED))
    assert [paper.title for paper in shorter] == [paper.title for paper in small[:500]]


# --- Authors -----------------------------------------------------------------------------------


def test_every_paper_has_1_to_15_distinct_authors(small: list[SyntheticPaper]) -> None:
    sizes = [len(paper.authors) for paper in small]
    assert min(sizes) == 1
    assert max(sizes) <= 15
    assert 3.7 <= statistics.mean(sizes) <= 4.3
    assert all(len(set(paper.authors)) == len(paper.authors) for paper in small)


def test_people_stay_distinct_after_folding_case_and_accents(
    shaped: list[SyntheticPaper],
) -> None:
    people = _papers_per_author(shaped).keys()
    folded = Counter((_fold(person.family), _fold(person.given)) for person in people)
    assert [key for key, count in folded.items() if count > 1] == []
    assert len(people) > SHAPE  # the check above ran over many people, not a handful


def test_names_split_cleanly_on_commas(shaped: list[SyntheticPaper]) -> None:
    people = _papers_per_author(shaped).keys()
    bad = [
        person
        for person in people
        for part in (person.family, person.given)
        if not part or part != part.strip() or "  " in part or NOT_IN_NAMES.search(part)
    ]
    assert bad == []


def test_names_include_the_spellings_portals_use(shaped: list[SyntheticPaper]) -> None:
    people = list(_papers_per_author(shaped))
    share = {
        "diacritics": sum(not (p.family + p.given).isascii() for p in people) / len(people),
        "particle after given": sum(
            p.given.endswith((" van", " van den", " van der", " de", " von", " da", " dos"))
            for p in people
        )
        / len(people),
        "particle in family": sum(p.family[:1].islower() for p in people) / len(people),
        "initials only": sum(bool(re.fullmatch(r"\w\.(-?\s?\w\.)?", p.given)) for p in people)
        / len(people),
        "middle initial": sum(bool(re.fullmatch(r"\w+ \w\.", p.given)) for p in people)
        / len(people),
        "apostrophe": sum("'" in p.family for p in people) / len(people),
        "hyphen": sum("-" in p.family + p.given for p in people) / len(people),
    }
    assert 0.15 <= share["diacritics"] <= 0.5, share
    assert 0.002 <= share["particle after given"] <= 0.05, share
    assert 0.002 <= share["particle in family"] <= 0.05, share
    assert 0.02 <= share["initials only"] <= 0.12, share
    assert 0.08 <= share["middle initial"] <= 0.3, share
    assert 0.001 <= share["apostrophe"] <= 0.03, share
    assert 0.02 <= share["hyphen"] <= 0.2, share


def test_authorship_has_a_zipf_head_and_a_long_tail(shaped: list[SyntheticPaper]) -> None:
    per_author = _papers_per_author(shaped)
    counts = sorted(per_author.values(), reverse=True)
    sizes = Counter(len(paper.authors) for paper in shaped)
    # About 1.5 people per paper: 150,000 authors for 100,000 papers.
    assert 1.35 <= len(per_author) / SHAPE <= 1.75
    assert 3.8 <= statistics.mean(len(paper.authors) for paper in shaped) <= 4.25
    assert sum(sizes[size] for size in range(2, 6)) / SHAPE >= 0.55  # mostly 2-5 authors
    assert 0 < sum(sizes[size] for size in range(12, 16)) / SHAPE <= 0.03  # few 12-15
    assert statistics.median(counts) == 1
    assert sum(count <= 2 for count in counts) / len(counts) >= 0.75
    assert counts[0] >= 100 * statistics.median(counts)
    assert counts[0] >= 150  # several hundred per 100,000 papers, scaled down
    assert counts[0] <= 0.02 * SHAPE  # a head, not one author on every paper


def test_most_prolific_author_is_the_top_of_the_corpus(small: list[SyntheticPaper]) -> None:
    per_author = _papers_per_author(small)
    owner = most_prolific_author(papers=SMALL, seed=SEED)
    assert owner is not None
    assert per_author[owner] == max(per_author.values())


def test_an_empty_corpus_has_no_owner() -> None:
    assert list(generate_corpus(papers=0)) == []
    assert most_prolific_author(papers=0) is None
    with pytest.raises(ValueError, match="papers must be zero or more"):
        next(generate_corpus(papers=-1))


# --- Titles, abstracts, years ------------------------------------------------------------------


def test_titles_are_unique_and_never_read_as_an_authors_line(
    shaped: list[SyntheticPaper],
) -> None:
    titles = [paper.title for paper in shaped]
    assert len({title.casefold() for title in titles}) == SHAPE
    words = [len(title.split()) for title in titles]
    assert min(words) >= 4
    assert max(words) <= 18
    assert 8.5 <= statistics.mean(words) <= 11.5
    # "Family, Given" pairs split into an even number of parts; a title never does, or has ':'.
    with_commas = [title for title in titles if "," in title]
    assert with_commas  # the rule below is exercised
    assert [t for t in with_commas if len(t.split(",")) % 2 == 0 and ":" not in t] == []
    assert any(not title.isascii() for title in titles)
    assert any(re.search(r"\d", title) for title in titles)
    assert any('"' in title for title in titles)


def test_about_8_percent_of_papers_lack_an_abstract(shaped: list[SyntheticPaper]) -> None:
    abstracts = [paper.abstract for paper in shaped]
    missing = sum(abstract is None for abstract in abstracts) / SHAPE
    assert 0.07 <= missing <= 0.09
    lengths = [len(abstract.split()) for abstract in abstracts if abstract is not None]
    assert min(lengths) >= 80
    assert max(lengths) <= 250
    assert 140 <= statistics.mean(lengths) <= 165
    assert all("\n" not in abstract for abstract in abstracts if abstract is not None)


def test_years_and_venues_are_plausible(small: list[SyntheticPaper]) -> None:
    years = Counter(paper.year for paper in small)
    assert min(years) >= FIRST_YEAR
    assert max(years) <= LAST_YEAR
    recent = sum(count for year, count in years.items() if year >= 2008)
    assert recent > sum(years.values()) - recent  # later years are more frequent
    assert len({paper.venue for paper in small}) >= 35


# --- The listing -------------------------------------------------------------------------------


def _read_records(lines: list[str], papers: list[SyntheticPaper], *, blank: bool) -> int:
    """Walk the listing lines against the papers; returns the number of lines consumed."""
    position = 0
    for index, paper in enumerate(papers):
        if blank and index:
            assert lines[position] == ""
            position += 1
        assert lines[position] == paper.title
        parts = lines[position + 1].split(", ")
        assert len(parts) % 2 == 0
        assert [SyntheticAuthor(*pair) for pair in zip(parts[::2], parts[1::2], strict=True)] == [
            *paper.authors
        ]
        position += 2
        if paper.abstract is not None:
            assert lines[position] == paper.abstract
            position += 1
    return position


@pytest.mark.parametrize("blank", [False, True])
def test_listing_lines_follow_the_portal_format(small: list[SyntheticPaper], blank: bool) -> None:
    owner = SyntheticAuthor("Welling", "Max")
    text = _listing(small, owner=owner, blank_lines=blank)
    assert text.endswith("\n")
    assert "\r" not in text
    lines = text.split("\n")[:-1]
    preamble = [*INTERFACE_PREAMBLE, "Welling, Max", *([""] if blank else [])]
    assert lines[: len(preamble)] == preamble
    records = lines[len(preamble) :]
    assert _read_records(records, small, blank=blank) == len(records)
    if not blank:
        assert "" not in lines


def test_write_listing_counts_records_and_writes_no_preamble_without_owner(
    small: list[SyntheticPaper],
) -> None:
    out = io.StringIO()
    assert write_listing(small[:10], out) == 10
    assert out.getvalue().startswith(small[0].title + "\n")


def test_the_project_parser_reads_the_listing_back(small: list[SyntheticPaper]) -> None:
    portal = pytest.importorskip("api.ingest.portal")
    owner = most_prolific_author(papers=SMALL, seed=SEED)
    assert owner is not None
    listing = portal.parse_listing(_listing(small, owner=owner), source="synthetic.txt")
    assert listing.owner is not None
    assert listing.owner.as_written == f"{owner.family}, {owner.given}"
    assert [(r.title, r.abstract) for r in listing.records] == [
        (p.title, p.abstract) for p in small
    ]
    keys = {name.key for record in listing.records for name in record.authors}
    assert len(keys) == len(_papers_per_author(small))  # no two people merge on import


def test_cli_writes_the_listing_and_reports_its_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "listing.txt"
    assert main([str(out), "--papers", "300", "--seed", str(SEED)]) == 0
    owner = most_prolific_author(papers=300, seed=SEED)
    assert owner is not None
    data = out.read_bytes()
    assert b"\r" not in data
    lines = data.decode("utf-8").split("\n")
    assert lines[:3] == [*INTERFACE_PREAMBLE, f"{owner.family}, {owner.given}"]
    report = capsys.readouterr().out
    papers = list(generate_corpus(papers=300, seed=SEED))
    per_author = _papers_per_author(papers)
    assert "records written: 300\n" in report
    assert f"distinct authors: {len(per_author)}\n" in report
    assert f"max papers per author: {max(per_author.values())} " in report
    assert (
        data
        == ("\n".join([*INTERFACE_PREAMBLE, f"{owner.family}, {owner.given}"]) + "\n").encode()
        + _listing(papers).encode()
    )
