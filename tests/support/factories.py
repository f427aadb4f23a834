"""Keyword-only factories for papers, shared by tests."""

from __future__ import annotations

from collections.abc import Sequence

from api.ingest.names import split_author_line
from api.ingest.records import IncomingPaper


def make_paper(
    *,
    title: str,
    authors: str = "Welling, Max",
    year: int | None = None,
    venue: str | None = None,
    doi: str | None = None,
    url: str | None = None,
    abstract: str | None = None,
) -> IncomingPaper:
    """A paper with authors written as a portal authors line ("Family, Given, ...")."""
    return IncomingPaper(
        title=title,
        authors=tuple(split_author_line(authors)),
        abstract=abstract,
        year=year,
        venue=venue,
        doi=doi,
        url=url,
    )


def catalogue() -> Sequence[IncomingPaper]:
    """Twelve papers with years (some missing), venues, Unicode and shared authors."""
    return [
        make_paper(
            title="Alpha Networks",
            year=2020,
            venue="NeurIPS",
            authors="Welling, Max, Köhler, Jonas",
        ),
        make_paper(title="beta Processes", year=2020, venue="ICML", authors="Köhler, Jonas"),
        make_paper(title="Gamma Rays and Neural Fields", year=2019, venue="NeurIPS"),
        make_paper(
            title="Delta Rules",
            year=2021,
            venue="ICLR",
            authors="Berg, Rianne van den, Welling, Max",
        ),
        make_paper(title="Épsilon Entropy", year=2018, venue="ICML", doi="10.1000/EPS.1"),
        make_paper(title="Zeta Functions", year=None, venue=None, authors="Berg, Rianne van den"),
        make_paper(
            title="Eta Estimators", year=2020, venue="NeurIPS", url="https://example.org/eta"
        ),
        make_paper(
            title="Theta Methods", year=None, authors="Rezende, Danilo Jimenez, Welling, Max"
        ),
        make_paper(title="Iota: A Small Thing", year=2022, venue="AISTATS"),
        make_paper(
            title="Kappa Statistics 100%",
            year=2017,
            venue="JMLR",
            authors="Köhler, Jonas, Welling, Max",
        ),
        make_paper(title="Lambda Calculus_Revisited", year=2020, venue="ICML"),
        make_paper(title="Mu Models", year=2016, venue="UAI", authors="Cheng, Miranda C. N."),
    ]
