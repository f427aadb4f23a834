"""Parsing research-portal listings: the seed listing, messy real-world text, and bad input."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from api.ingest.names import PersonName
from api.ingest.portal import (
    INTERFACE_LINES,
    ListingError,
    PortalListing,
    is_interface_line,
    parse_listing,
    read_listing,
)

# The listing a research portal shows for Max Welling, as shipped for seeding the database.
SEED = Path(__file__).resolve().parent.parent / "seeds" / "welling-max.portal.txt"
SEED_LINES = SEED.read_text(encoding="utf-8").splitlines()
SEED_TITLES = [
    "Semi-supervised Learning with Deep Generative Models",
    "DP-MAC: The Differentially Private Method of Auxiliary Coordinates for Deep Learning",
    "Relational Generalized Few-Shot Learning",
    "Batch-Shaped Channel Gated Networks",
    "Supervised Uncertainty Quantification for Segmentation with Multiple Annotations",
    "The Functional Neural Process",
    "Differentiable probabilistic models of scientific imaging with the Fourier slice theorem",
    "Data-Free Quantization through Weight Equalization and Bias Correction",
    "Combining Generative and Discriminative Models for Hybrid Inference",
    "Covariance in Physics and Convolutional Neural Networks",
]
EXPECTED_AUTHORS = "'Family, Given, \u2026'"


def _parse(text: str) -> PortalListing:
    return parse_listing(text, source="listing.txt")


def _shape(listing: PortalListing) -> list[tuple[str, list[str], str | None]]:
    """Titles, authors as written and abstracts: what must survive any change of layout."""
    return [
        (record.title, [name.as_written for name in record.authors], record.abstract)
        for record in listing.records
    ]


def _error(text: str) -> str:
    with pytest.raises(ListingError) as caught:
        _parse(text)
    return str(caught.value)


# The seed listing


def test_seed_counts() -> None:
    listing = read_listing(SEED)
    authorships = [name for record in listing.records for name in record.authors]
    assert len(listing.records) == 10
    assert len(authorships) == 44
    per_person = Counter(name.key for name in authorships)
    assert len(per_person) == 32
    assert per_person["welling|max"] == 10
    assert per_person["shi|xiahan"] == 2
    assert per_person["akata|zeynep"] == 2
    assert per_person["blankevoort|tijmen"] == 2
    assert sorted(per_person.values()) == [1] * 28 + [2, 2, 2, 10]


def test_seed_owner_and_records() -> None:
    listing = read_listing(SEED)
    assert listing.source == str(SEED)
    assert listing.owner == PersonName(family="Welling", given="Max", as_written="Welling, Max")
    assert [record.title for record in listing.records] == SEED_TITLES
    assert [record.line for record in listing.records] == list(range(4, 34, 3))
    assert [record.abstract for record in listing.records] == SEED_LINES[5::3]
    assert all("Max Welling" in [a.display for a in record.authors] for record in listing.records)


def test_seed_authors_in_source_order() -> None:
    first, second = read_listing(SEED).records[:2]
    assert [name.as_written for name in first.authors] == [
        "Kingma, Durk P.",
        "Mohamed, Shakir",
        "Rezende, Danilo Jimenez",
        "Welling, Max",
    ]
    assert [name.display for name in second.authors] == [
        "Frederik Harder",
        "Jonas Köhler",
        "Max Welling",
        "Mijung Park",
    ]


def test_seed_names() -> None:
    people = {
        name.as_written: name for record in read_listing(SEED).records for name in record.authors
    }
    berg = people["Berg, Rianne van den"]
    assert (berg.given, berg.family, berg.display) == (
        "Rianne",
        "van den Berg",
        "Rianne van den Berg",
    )
    assert (people["de Haan, Pim"].family, people["de Haan, Pim"].given) == ("de Haan", "Pim")
    assert people["van Baalen, Mart"].display == "Mart van Baalen"
    assert people["Cheng, Miranda C. N."].given == "Miranda C. N."
    assert people["Rezende, Danilo Jimenez"].given == "Danilo Jimenez"
    kohler = people["Köhler, Jonas"]
    assert kohler.family == "Köhler"
    assert kohler.key == PersonName("kohler", "Jonas", "kohler, Jonas").key
    assert kohler.key == PersonName("KÖHLER", "jonas", "KÖHLER, jonas").key


# Layout: line ends, byte order mark, whitespace, blank lines


def test_crlf_bom_and_trailing_spaces_change_nothing() -> None:
    plain = read_listing(SEED)
    messy = _parse("\ufeff" + "\r\n".join(f"{line} \t " for line in SEED_LINES) + "\r\n")
    assert _shape(messy) == _shape(plain)
    assert [record.line for record in messy.records] == [record.line for record in plain.records]
    assert messy.owner == plain.owner


def test_read_listing_drops_a_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(SEED_LINES).encode("utf-8"))
    listing = read_listing(path)
    assert listing.owner is not None and listing.owner.as_written == "Welling, Max"
    assert _shape(listing) == _shape(read_listing(SEED))


def test_old_mac_line_ends() -> None:
    listing = _parse("Title One\rKingma, Durk\rAbstract one.\rTitle Two\rWelling, Max\r")
    assert _shape(listing) == [
        ("Title One", ["Kingma, Durk"], "Abstract one."),
        ("Title Two", ["Welling, Max"], None),
    ]
    assert [record.line for record in listing.records] == [1, 4]


def test_blank_lines_between_records() -> None:
    lines = [*SEED_LINES[:3], ""]
    for start in range(3, len(SEED_LINES), 3):
        lines += [*SEED_LINES[start : start + 3], "", ""]
    listing = _parse("\n".join(lines))
    assert _shape(listing) == _shape(read_listing(SEED))
    assert [record.line for record in listing.records] == list(range(5, 55, 5))


def test_record_without_abstract_in_the_middle_and_at_the_end() -> None:
    text = """Welling, Max
First Paper
Kingma, Durk P., Welling, Max
An abstract of the first paper.
Second Paper Without Abstract
Welling, Max
Third Paper
Hoogeboom, Emiel, Welling, Max
An abstract of the third paper.
Fourth Paper Without Abstract
Cohen, Taco S., Welling, Max
"""
    listing = _parse(text)
    assert listing.owner is not None and listing.owner.display == "Max Welling"
    assert _shape(listing) == [
        ("First Paper", ["Kingma, Durk P.", "Welling, Max"], "An abstract of the first paper."),
        ("Second Paper Without Abstract", ["Welling, Max"], None),
        ("Third Paper", ["Hoogeboom, Emiel", "Welling, Max"], "An abstract of the third paper."),
        ("Fourth Paper Without Abstract", ["Cohen, Taco S.", "Welling, Max"], None),
    ]
    assert [record.line for record in listing.records] == [2, 5, 7, 10]
    spaced = _parse(text.replace("\nSecond", "\n\nSecond").replace("\nThird", "\n\nThird"))
    assert _shape(spaced) == _shape(listing)


def test_blank_line_ends_a_record_without_abstract() -> None:
    listing = _parse("First Paper\nKingma, Durk\n\nSecond Paper\nWelling, Max\nAn abstract.\n")
    assert _shape(listing) == [
        ("First Paper", ["Kingma, Durk"], None),
        ("Second Paper", ["Welling, Max"], "An abstract."),
    ]


# The preamble: interface sentences and the profile owner


PLOT = "Not enough data to create a plot."
VIEW = "Try a different view from the menu above."
RECORDS = [
    "Semi-supervised Learning with Deep Generative Models",
    "Kingma, Durk P., Mohamed, Shakir, Rezende, Danilo Jimenez, Welling, Max",
    "The ever-increasing size of modern data sets.",
    "The Functional Neural Process",
    "Louizos, Christos, Shi, Xiahan, Schutte, Klamer, Welling, Max",
    "We present a new family of exchangeable stochastic processes.",
]


@pytest.mark.parametrize(
    ("preamble", "owner"),
    [
        ([PLOT, VIEW, "Welling, Max"], "Max Welling"),
        (["Welling, Max", PLOT, VIEW], "Max Welling"),
        ([PLOT, "Welling, Max", VIEW], "Max Welling"),
        ([PLOT, "", "Welling, Max", "", VIEW, ""], "Max Welling"),
        (["Welling, Max", ""], "Max Welling"),
        (["Berg, Rianne van den"], "Rianne van den Berg"),
        ([PLOT, VIEW], None),
        ([], None),
    ],
)
def test_preamble_in_any_order(preamble: list[str], owner: str | None) -> None:
    listing = _parse("\n".join([*preamble, *RECORDS]))
    assert (listing.owner.display if listing.owner else None) == owner
    assert [record.title for record in listing.records] == [RECORDS[0], RECORDS[3]]
    assert [len(record.authors) for record in listing.records] == [4, 4]
    assert listing.records[0].line == len(preamble) + 1


def test_owner_line_alone_is_not_a_record() -> None:
    assert _error("Welling, Max\n") == (
        f"listing.txt: no records found; expected a title line followed by an authors line "
        f"{EXPECTED_AUTHORS}"
    )


def test_owner_written_in_reading_order_is_read_as_a_title() -> None:
    # Only "Family, Given" marks an owner line; "Max Welling" could as well be a title.
    assert _error("Max Welling\n" + "\n".join(RECORDS)) == (
        f"listing.txt:1: record 'Max Welling' has no authors line; "
        f"expected {EXPECTED_AUTHORS} on line 2"
    )


def test_first_record_shaped_like_the_owner_line_is_a_record() -> None:
    listing = _parse("Some Title\nWelling, Max\nNext Title\nAuthors, A\n")
    assert listing.owner is None
    assert _shape(listing) == [
        ("Some Title", ["Welling, Max"], None),
        ("Next Title", ["Authors, A"], None),
    ]


def test_owner_line_followed_by_a_record_without_abstract() -> None:
    listing = _parse(f"{PLOT}\nWelling, Max\nSome Title\nWelling, Max\nNext Title\nAuthors, A\n")
    assert listing.owner is not None and listing.owner.as_written == "Welling, Max"
    assert [record.title for record in listing.records] == ["Some Title", "Next Title"]


@pytest.mark.parametrize(
    "interface",
    [
        "Show more",
        "Research output: Contribution to journal \u203a Article \u203a peer-review",
        "Showing 1 - 50 of 212 results",
        "1 - 50 out of 212 results",
        "Page 2 of 5",
        "2019",
        "Not enough data to create a plot",
        "NOT ENOUGH DATA TO CREATE A PLOT.",
        "  Research output per year  ",
    ],
)
def test_interface_lines_between_records_are_skipped(interface: str) -> None:
    text = "\n".join([PLOT, "Welling, Max", *RECORDS[:3], interface, *RECORDS[3:], interface])
    listing = _parse(text)
    assert _shape(listing) == _shape(_parse("\n".join(RECORDS)))
    assert all(name.as_written != interface.strip() for name in listing.records[1].authors)


def test_every_known_interface_sentence_is_recognised() -> None:
    assert "Not enough data to create a plot." in INTERFACE_LINES
    assert "Try a different view from the menu above." in INTERFACE_LINES
    assert all(is_interface_line(sentence) for sentence in INTERFACE_LINES)
    assert not is_interface_line("The Functional Neural Process")
    assert not is_interface_line("Welling, Max")


# Titles, names and abstracts as real listings write them


def test_titles_with_commas_colons_quotes_digits_and_non_ascii() -> None:
    text = """Learning, Fast and Slow
Kahneman, Daniel, Tversky, Amos
Two systems of thought, one fast and one slow.
DP-MAC: The "Private" Method, Version 2
Harder, Frederik, Köhler, Jonas
Über Gruppen, Ringe und Körper \u2013 3 Beispiele
Noether, Emmy
Ein Überblick: über Ringe.
"""
    assert _shape(_parse(text)) == [
        (
            "Learning, Fast and Slow",
            ["Kahneman, Daniel", "Tversky, Amos"],
            "Two systems of thought, one fast and one slow.",
        ),
        ('DP-MAC: The "Private" Method, Version 2', ["Harder, Frederik", "Köhler, Jonas"], None),
        (
            "Über Gruppen, Ringe und Körper \u2013 3 Beispiele",
            ["Noether, Emmy"],
            "Ein Überblick: über Ringe.",
        ),
    ]


def test_titles_shaped_like_names_are_read_by_structure() -> None:
    text = (
        "Paper One\nSmith, John\n"
        "Learning, Fast and Slow\nKahneman, Daniel\n"
        "Graphs, Revisited\nDoe, Jane\n"
    )
    assert _shape(_parse(text)) == [
        ("Paper One", ["Smith, John"], None),
        ("Learning, Fast and Slow", ["Kahneman, Daniel"], None),
        ("Graphs, Revisited", ["Doe, Jane"], None),
    ]


def test_abstract_followed_by_a_title_shaped_like_names() -> None:
    text = "Paper One\nSmith, John\nAn abstract.\nLearning, Fast and Slow\nKahneman, Daniel\n"
    assert _shape(_parse(text)) == [
        ("Paper One", ["Smith, John"], "An abstract."),
        ("Learning, Fast and Slow", ["Kahneman, Daniel"], None),
    ]


def test_authors_line_is_taken_whatever_its_case() -> None:
    listing = _parse("A Paper\nmi, xianghang, KAMINKA, G.A.\n")
    assert [(name.family, name.given) for name in listing.records[0].authors] == [
        ("mi", "xianghang"),
        ("KAMINKA", "G.A."),
    ]


def test_names_as_real_listings_write_them() -> None:
    listing = _parse(
        "Bootstrap Your Own Latent\n"
        "Kaminka, G.A., mi, xianghang, O'Donoghue, Brendan, Grill, Jean-Bastien\n"
        "An abstract.\n"
    )
    assert [(name.family, name.given) for name in listing.records[0].authors] == [
        ("Kaminka", "G.A."),
        ("mi", "xianghang"),
        ("O'Donoghue", "Brendan"),
        ("Grill", "Jean-Bastien"),
    ]


def test_sixty_author_record() -> None:
    letters = "abcdefghijklmnopqrstuvwxyz"
    written = [f"Fam{letters[i // 26]}{letters[i % 26]}, Given" for i in range(60)]
    listing = _parse(f"Big Collaboration\n{', '.join(written)}\nAn abstract.\nNext\nWelling, Max\n")
    assert [name.as_written for name in listing.records[0].authors] == written
    assert listing.records[1].title == "Next"


def test_garbled_abstract_is_kept_except_trailing_whitespace() -> None:
    garbled = "  \ufb01rst-order ms\u00ad\u00adpace \x0c 3.2 % \u2028 (cid:42) ,,, :: ??  "
    listing = _parse(f"A Paper\nWelling, Max\n{garbled}\nNext Paper\nKingma, Durk\n")
    assert listing.records[0].abstract == garbled.rstrip()
    assert listing.records[1].line == 4


# Bad input


def test_odd_authors_line() -> None:
    assert _error("Welling, Max\nFirst Paper\nKingma, Durk P., Welling\nAn abstract.\n") == (
        "listing.txt:3: authors line has 3 comma-separated parts; "
        "expected 'Family, Given' pairs: 'Kingma, Durk P., Welling'"
    )


def test_authors_line_with_an_empty_part() -> None:
    assert _error("First Paper\nKingma, , Welling, Max\nAn abstract.\n") == (
        "listing.txt:2: authors line has an empty part (part 2 of 4); "
        "expected 'Family, Given' pairs: 'Kingma, , Welling, Max'"
    )


def test_broken_authors_line_deep_in_the_seed() -> None:
    lines = list(SEED_LINES)
    lines[16] = "Hu, Shi, Worrall, Daniel, Knegt"
    assert _error("\n".join(lines)) == (
        "listing.txt:17: authors line has 5 comma-separated parts; "
        "expected 'Family, Given' pairs: 'Hu, Shi, Worrall, Daniel, Knegt'"
    )


def test_title_at_end_of_file_without_authors() -> None:
    text = "Welling, Max\nFirst Paper\nKingma, Durk\nAn abstract.\nLonely Title\n"
    assert _error(text) == (
        f"listing.txt:5: record 'Lonely Title' has no authors line; "
        f"expected {EXPECTED_AUTHORS} on line 6"
    )


def test_title_followed_by_a_blank_line() -> None:
    text = f"{PLOT}\nWelling, Max\n\nFirst Paper\n\nKingma, Durk\nAn abstract.\n"
    assert _error(text) == (
        f"listing.txt:4: record 'First Paper' has no authors line; "
        f"expected {EXPECTED_AUTHORS} on line 5"
    )


def test_lone_title() -> None:
    assert _error("Title One\n") == (
        f"listing.txt:1: record 'Title One' has no authors line; "
        f"expected {EXPECTED_AUTHORS} on line 2"
    )


def test_title_followed_by_prose() -> None:
    text = "First Paper\nThis paper has no authors line.\nSecond Paper\nSmith, J.\n"
    assert _error(text) == (
        f"listing.txt:1: record 'First Paper' has no authors line; "
        f"expected {EXPECTED_AUTHORS} on line 2"
    )


def test_first_record_without_authors_after_the_owner_line() -> None:
    lines = [PLOT, VIEW, "Welling, Max", SEED_TITLES[0], *SEED_LINES[5:]]
    assert _error("\n".join(lines)) == (
        f"listing.txt:4: record 'Semi-supervised Learning with Deep Generative Models' has no "
        f"authors line; expected {EXPECTED_AUTHORS} on line 5"
    )


def test_long_title_is_shortened_in_messages() -> None:
    title = "A Very Long Title " * 10
    message = _error(f"{title}\n")
    assert message.startswith(
        "listing.txt:1: record 'A Very Long Title A Very Long Title A Very Long"
    )
    assert "\u2026' has no authors line" in message


def test_error_line_numbers_count_the_bom_line_and_crlf() -> None:
    assert _error("\ufeffWelling, Max\r\nFirst Paper\r\nKingma, Durk, Welling\r\n") == (
        "listing.txt:3: authors line has 3 comma-separated parts; "
        "expected 'Family, Given' pairs: 'Kingma, Durk, Welling'"
    )


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"Welling, Max\nA Paper\nK\xe9hler, Jonas\n", 3),
        (b"\xef\xbb\xbfWelling, Max\r\nA Paper\r\nK\xe9hler, Jonas\r\n", 3),
        (b"\xe9", 1),
    ],
)
def test_non_utf8_bytes(tmp_path: Path, data: bytes, line: int) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(data)
    with pytest.raises(ListingError) as caught:
        read_listing(path)
    assert (
        str(caught.value) == f"{path}:{line}: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    )
    assert (caught.value.source, caught.value.line) == (str(path), line)


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n  \r\n\t\n"])
def test_empty_file(text: str) -> None:
    assert _error(text) == (
        f"listing.txt: the file is empty; expected a title line followed by an authors line "
        f"{EXPECTED_AUTHORS}"
    )


@pytest.mark.parametrize("text", [f"{PLOT}\n{VIEW}\n", f"{PLOT}\n{VIEW}\nWelling, Max\n"])
def test_file_without_records(text: str) -> None:
    assert _error(text) == (
        f"listing.txt: no records found; expected a title line followed by an authors line "
        f"{EXPECTED_AUTHORS}"
    )


def test_listing_error_carries_its_parts() -> None:
    with pytest.raises(ListingError) as caught:
        _parse("Welling, Max\nFirst Paper\nKingma, Durk, Welling\n")
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.source, error.line) == ("listing.txt", 3)
    assert error.reason.startswith("authors line has 3 comma-separated parts")
    assert str(ListingError("a.txt", None, "why")) == "a.txt: why"


# Size


def test_large_listing_parses_in_linear_time() -> None:
    record = SEED_LINES[3:6]
    lines = SEED_LINES[:3] + record * 20_000
    started = time.perf_counter()
    listing = _parse("\n".join(lines))
    elapsed = time.perf_counter() - started
    assert len(listing.records) == 20_000
    assert listing.records[-1].line == 3 + 3 * 19_999 + 1
    # About a second here; a quadratic reading of 60,000 lines would take minutes.
    assert elapsed < 20
