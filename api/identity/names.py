"""When two spellings of given names can be one person's: "M." and "Max", "G.A." and "Gal A."."""

from __future__ import annotations

from collections.abc import Sequence


def given_parts(match_key: str) -> tuple[str, ...]:
    """The folded given-name words of a match key: "welling|m" -> ("m",)."""
    given = match_key.partition("|")[2]
    return tuple(given.split())


def family_part(match_key: str) -> str:
    """The folded family name of a match key: "van den berg|rianne" -> "van den berg"."""
    return match_key.partition("|")[0]


def _word_agrees(a: str, b: str) -> bool:
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two given names can be one person's, written out or abbreviated.

    Word by word, each pair is equal, or one is the other's initial; a missing word (a middle
    name left out) is allowed, and so is a missing given name. Different names are not.

    Args:
        a: Given-name words of one spelling, folded ("max",) or ("m",).
        b: Those of the other.

    Returns:
        True for ("m",) and ("max",), ("g", "a") and ("gal", "a"), ("max",) and ("max", "a");
        False for ("max",) and ("moritz",), and for two identical names (nothing to merge).
    """
    if tuple(a) == tuple(b):
        return False
    return all(_word_agrees(x, y) for x, y in zip(a, b, strict=False))


def agreement(a: Sequence[str], b: Sequence[str]) -> float:
    """How strongly two compatible given names agree, 0 to 1.

    A word written out the same in both counts 1, an initial that fits counts 0.5, a word only
    one side has counts 0; the sum is divided by the longer name's word count.
    """
    longest = max(len(a), len(b))
    if longest == 0:
        return 0.0
    score = sum(1.0 if x == y else 0.5 for x, y in zip(a, b, strict=False))
    return score / longest
