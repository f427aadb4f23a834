"""Reading search text: words, phrases, prefixes, limits, and the expressions each engine gets."""

from __future__ import annotations

import re

import pytest

from api.errors import InputError
from api.ingest.names import fold
from api.search.query import (
    SearchQuery,
    SearchTerm,
    fts5_expression,
    parse_search,
    tsquery_text,
)
from api.search.text import WORD, search_columns, search_words, words


def _parse(text: str) -> SearchQuery:
    return parse_search(text, field="query")


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("graph networks ", [SearchTerm(("graph",)), SearchTerm(("networks",))]),
        ("graph netw", [SearchTerm(("graph",)), SearchTerm(("netw",), prefix=True)]),
        ('"neural networks" ', [SearchTerm(("neural", "networks"))]),
        ('"neural networks"', [SearchTerm(("neural", "networks"))]),
        ('speech "neural netw', [SearchTerm(("speech",)), SearchTerm(("neural", "netw"), True)]),
        ("semi-supervised ", [SearchTerm(("semi", "supervised"))]),
        ("KÖHLER's ", [SearchTerm(("kohler", "s"))]),
        ("\u201cdeep learning\u201d ", [SearchTerm(("deep", "learning"))]),
        ("graph graph ", [SearchTerm(("graph",))]),
        # A one-letter last word is matched whole: as a prefix it would match nearly anything.
        ("graph n", [SearchTerm(("graph",)), SearchTerm(("n",))]),
        ("graph !!!", [SearchTerm(("graph",))]),
    ],
)
def test_terms(text: str, terms: list[SearchTerm]) -> None:
    assert list(_parse(text).terms) == terms


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "'query' has no letters or digits to search for: ''"),
        ('"" *** ()', "'query' has no letters or digits to search for: '\"\" *** ()'"),
        ("x" * 1001, "'query' is 1001 characters; at most 1000"),
        ("é" * 10_000, "'query' is 10000 characters; at most 1000"),
        (" ".join(f"w{i}" for i in range(33)), "'query' has 33 words; at most 32"),
        ("a" * 101, "'query' has a word of 101 characters ('aaaaaaaaaaaaaaaaaaaaaaa…'); "),
    ],
)
def test_errors_say_what_and_where(text: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        _parse(text)
    assert raised.value.message.startswith(message)
    assert raised.value.field == "query"


def test_engine_expressions_quote_every_word() -> None:
    query = _parse('graph "neural net')
    assert fts5_expression(query) == '"graph" AND "neural net"*'
    assert tsquery_text(query) == "('graph') & ('neural' <-> 'net':*)"


@pytest.mark.parametrize(
    "text",
    [
        "'; DROP TABLE paper; --",
        '" OR 1=1 --',
        "NEAR(a b) OR c NOT d",
        "{title_words}: graph*",
        "'graph':*A & !x | y <-> z",
        "^title:x (a) [b] \\ \x00",
    ],
)
def test_no_user_character_reaches_the_engines(text: str) -> None:
    query = _parse(text)
    # Only quoted letters/digits, the operators we write, and spaces remain.
    fts5_words = re.findall(r'"([^"]*)"', fts5_expression(query))
    assert all(re.fullmatch(r"[^\W_]+( [^\W_]+)*", phrase) for phrase in fts5_words)
    assert re.sub(r'"[^"]*"\*?| AND ', "", fts5_expression(query)) == ""
    assert re.sub(r"'[^']*'(:\*)?| <-> | & |[()]", "", tsquery_text(query)) == ""


def test_search_words_are_folded_letters_and_digits() -> None:
    assert search_words("Über Köhler's U-Net, Łódź 2.0") == "uber kohler s u net lodz 2 0"
    assert search_words(None) is None
    assert search_columns(title="A\u2013B", abstract=None) == {
        "title_words": "a b",
        "abstract_words": None,
    }


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII, with punctuation: U-Net's 2.0!",
        "Rayleigh\u2013B\u00e9nard convection in Schr\u00f6dinger's \u0141\u00f3d\u017a",
        "cafe\u0301s na\u00efve \u00a8umlaut\u00a0nbsp \ufb01nal \u2460 x\u00b2",
        "\u0130stanbul STRASSE Stra\u00dfe \u03a3\u039f\u03a6\u0399\u0391 \u65e5\u672c\u8a9e",
    ],
)
def test_words_are_the_words_of_the_folded_text(text: str) -> None:
    assert words(text) == WORD.findall(fold(text))
