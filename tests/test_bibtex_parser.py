"""Reading BibTeX: LaTeX to Unicode, every BibTeX name form, and errors naming key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.ingest.bibtex import BibtexError, latex_to_text, parse_bibtex, read_bibtex
from api.ingest.load import SupplementaryPaper
from api.ingest.sources import SourceError, SourceFormat, detect_format, read_source
from tests.support.portal_texts import write

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _one(text: str) -> SupplementaryPaper:
    (paper,) = parse_bibtex(text, source="refs.bib")
    assert isinstance(paper, SupplementaryPaper)
    return paper


def _names(text: str) -> list[tuple[str, str]]:
    paper = _one(f"@misc{{k, title={{T}}, author={{{text}}}}}")
    return [(person.family, person.given) for person in paper.authors]


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"K{\"o}hler", "Köhler"),
        (r"{\'e}t{\'e}", "été"),
        (r"No\'{e}", "Noé"),
        (r"Erd\H{o}s and Smo{\l}a", "Erdős and Smoła"),
        (r"a --- b -- c", "a \u2014 b \u2013 c"),
        (r"{Batch-Shaped} {GAN}s", "Batch-Shaped GANs"),
        (r"50\% \& more\_here", "50% & more_here"),
        (r"$\alpha$-divergences", "\u03b1-divergences"),
        (r"\emph{Deep}  \textbf{Learning}", "Deep Learning"),
        (r"Max~Welling", "Max Welling"),
        (r"x\textasciicircum{}2 \textasciitilde{} \{y\}", "x^2 ~ {y}"),
    ],
)
def test_latex_becomes_unicode(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


@pytest.mark.parametrize(
    ("written", "names"),
    [
        ("Welling, Max", [("Welling", "Max")]),
        ("Max Welling", [("Welling", "Max")]),
        ("Babak Ehteshami Bejnordi", [("Bejnordi", "Babak Ehteshami")]),
        ("van den Berg, Rianne", [("van den Berg", "Rianne")]),
        ("Rianne van den Berg", [("van den Berg", "Rianne")]),
        ("von Neumann, Jr., John", [("von Neumann Jr.", "John")]),
        ("{Barnes and Noble, Inc.}", [("Barnes and Noble, Inc.", "")]),
        (r"K{\"o}hler, Jonas and No{\'e}, Frank", [("Köhler", "Jonas"), ("Noé", "Frank")]),
        (
            "Shi, Xiahan and Salewski, Leonard and others",
            [("Shi", "Xiahan"), ("Salewski", "Leonard")],
        ),
        ("Plato", [("Plato", "")]),
    ],
)
def test_every_bibtex_name_form(written: str, names: list[tuple[str, str]]) -> None:
    assert _names(written) == names


def test_a_name_keeps_how_the_source_wrote_it() -> None:
    paper = _one(r"@misc{k, title={T}, author={K{\"o}hler, Jonas and Max Welling}}")
    assert [person.as_written for person in paper.authors] == ["Köhler, Jonas", "Max Welling"]


def test_fields_of_an_entry() -> None:
    paper = _one(
        "@string{neurips = {Advances in Neural Information Processing Systems}}\n"
        "@inproceedings{kingma2014semi,\n"
        "  Title = {Semi-supervised Learning with {D}eep Generative Models},\n"
        "  author = {Kingma, Diederik P. and Welling, Max},\n"
        "  booktitle = neurips # { 27},\n"
        "  year = 2014, month = dec,\n"
        "  doi = {https://doi.org/10.48550/arXiv.1406.5298},\n"
        "  url = {\\url{https://example.org/a\\%20b_c}},\n"
        "  abstract = {Two\n   lines --- joined.},\n"
        "}\n"
    )
    assert paper.title == "Semi-supervised Learning with Deep Generative Models"
    assert (paper.year, paper.venue) == (
        2014,
        "Advances in Neural Information Processing Systems 27",
    )
    assert paper.doi == "10.48550/arxiv.1406.5298"
    assert paper.url == "https://example.org/a%20b_c"
    assert paper.abstract == "Two lines — joined."
    assert paper.source_line == 2


def test_journal_and_biblatex_date() -> None:
    paper = _one("@article{k, title={T}, author={A, B}, journaltitle={JMLR}, date={2021-05-03}}")
    assert (paper.venue, paper.year) == ("JMLR", 2021)


def test_fixture_file_reads_cleanly() -> None:
    papers = read_bibtex(FIXTURES / "refs.bib")
    assert len(papers) == 9
    pandas = papers[-1]
    assert [(p.family, p.given) for p in pandas.authors] == [("The pandas development team", "")]
    kohler = next(paper for paper in papers if paper.title.startswith("Equivariant Flows"))
    assert [p.family for p in kohler.authors] == ["Köhler", "Klein", "Noé"]
    assert kohler.abstract is not None and "density — in physics" in kohler.abstract
    assert len(read_bibtex(FIXTURES / "welling-years.bib")) == 10


def test_format_is_detected_by_extension(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", "@misc{k, title={T}, author={A, B}}\n")
    assert detect_format(path) is SourceFormat.BIBTEX
    assert [paper.title for paper in read_source(path)] == ["T"]
    other = write(tmp_path, "refs.txt", "@misc{k, title={T}, author={A, B}}\n")
    assert [paper.title for paper in read_source(other, SourceFormat.BIBTEX)] == ["T"]


BROKEN = (
    "@misc{ok, title={A}, author={B}}\n\n@article{broken,\n  title = {Oops\n"
    "  author = {A, B},\n}\n\n@misc{next, title={X}, author={Y}}\n"
)
TWICE = "@misc{a, title={A}, author={B}}\n@misc{a, title={C}, author={B}}\n"
HEAD = "@misc{a,\n title={B},\n author={C},\n"
BAD_ENTRIES = [
    (BROKEN, "refs.bib:3: entry broken: cannot be parsed"),
    (TWICE, "refs.bib:2: entry a: duplicate key (first used on line 1)"),
    ("@misc{a,\n author={B}}\n", "refs.bib:1: entry a: has no title"),
    ("@misc{a,\n title={{}},\n author={B}}\n", "refs.bib:2: entry a: has no title"),
    ("@misc{a,\n title={B}}\n", "refs.bib:1: entry a: has no author field"),
    ("@misc{a,\n title={B},\n author={others}}\n", "refs.bib:3: entry a: has no authors"),
    ("@misc{a,\n title={B},\n author={A, B, C, D}}\n", "refs.bib:3: entry a: cannot read the"),
    (HEAD + " year={in press}}", "refs.bib:4: entry a: year 'in press' is not a four-digit year"),
    (HEAD + " doi={nope}}", "refs.bib:4: entry a: doi 'nope' is not a DOI"),
    (HEAD + " url={www.x.org}}", "refs.bib:4: entry a: url 'www.x.org' is not an absolute URL"),
    (HEAD + " journal=jmlr}", "refs.bib:4: entry a: field journal uses the undefined @string"),
    (HEAD + " Title={C}}", "refs.bib:4: entry a: field title is given twice"),
    ("@string{x = y # {a}}\n", "refs.bib:1: @string x uses 'y', which is not defined before it"),
    ("@misc{a,\n title={B},\n author={A and B}\n", "refs.bib:1: entry a: cannot be parsed"),
]


@pytest.mark.parametrize(("text", "message"), BAD_ENTRIES)
def test_bad_entries_name_line_and_key(text: str, message: str) -> None:
    with pytest.raises(BibtexError) as raised:
        parse_bibtex(text, source="refs.bib")
    assert str(raised.value).startswith(message)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "refs.bib", "@misc{a,\n title={K\u00f6hler},\n}".encode("latin-1"))
    with pytest.raises(SourceError, match=r"refs\.bib:2: not valid UTF-8 \(byte 0xf6\)"):
        read_source(path)


def test_nothing_reaches_stderr_but_the_error(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(BibtexError):
        parse_bibtex("@misc{a,\n title={B},\n author={A and B}\n", source="refs.bib")
    assert capfd.readouterr().err == ""
