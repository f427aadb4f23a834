"""Snippets mark what the index matched, pick the stretch with the most matches, escape HTML."""

from __future__ import annotations

import pytest

from api.search.query import parse_search
from api.search.snippets import abstract_stretch, marked_title


def _marks(query: str, title: str) -> str:
    return marked_title(parse_search(query, field="query"), title)


@pytest.mark.parametrize(
    ("query", "title", "marked"),
    [
        ("net", "Net networks Netz", "<mark>Net</mark> <mark>networks</mark> <mark>Netz</mark>"),
        ("net ", "Net networks", "<mark>Net</mark> networks"),
        ("netw", "Net networks NETWORK", "Net <mark>networks</mark> <mark>NETWORK</mark>"),
        (
            '"graph net"',
            "Graph-Net, graph",
            "<mark>Graph</mark>-<mark>Net</mark>, <mark>graph</mark>",
        ),
        ("kohler ", "Köhler's Koehler", "<mark>Köhler</mark>&#x27;s Koehler"),
        ("KÖHLER ", "Kohler <b>", "<mark>Kohler</mark> &lt;b&gt;"),
        ("lodz", "Łódź and lodzia", "<mark>Łódź</mark> and <mark>lodzia</mark>"),
        ("x_y ", "x_y x", "<mark>x</mark>_<mark>y</mark> <mark>x</mark>"),
    ],
)
def test_titles_are_marked_where_the_index_matched(query: str, title: str, marked: str) -> None:
    assert _marks(query, title) == marked


def test_ascii_and_other_text_are_marked_alike() -> None:
    # The same words with and without one accented word elsewhere take different paths.
    plain = _marks("graph netw", "Graph networks for a cafe network")
    accented = _marks("graph netw", "Graph networks for a café network")
    assert plain.replace("cafe", "café") == accented
    assert accented == "<mark>Graph</mark> <mark>networks</mark> for a café <mark>network</mark>"


def test_the_stretch_with_most_matches_is_shown() -> None:
    filler = " ".join(f"w{i}" for i in range(60))
    abstract = f"Graph once. {filler} graph networks graph networks here. {filler} end."
    found = abstract_stretch(parse_search("graph networks ", field="query"), abstract)
    assert found is not None
    assert found.text.startswith("\u2026w55 w56 w57 w58 w59 graph networks graph networks here.")
    assert found.text.endswith("\u2026")
    assert len(found.text.split()) == 30
    assert found.html.count("<mark>") == 4


def test_short_abstracts_are_whole_and_unmatched_ones_start_at_the_start() -> None:
    query = parse_search("zebra ", field="query")
    short = abstract_stretch(query, "Short & sweet.")
    assert short is not None and short.html == "Short &amp; sweet."
    long_text = " ".join(f"w{i}" for i in range(100))
    found = abstract_stretch(query, long_text)
    assert found is not None and found.text == " ".join(f"w{i}" for i in range(30)) + "\u2026"
    assert abstract_stretch(query, None) is None
    punctuation = abstract_stretch(query, "!!! ...")
    assert punctuation is not None and punctuation.text == "!!! ..."
