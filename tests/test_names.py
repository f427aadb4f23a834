"""Name parsing, folding, matching keys and slugs."""

from __future__ import annotations

import pytest

from api.ingest.names import (
    AuthorLineError,
    PersonName,
    author_line_penalty,
    fold,
    looks_like_author_line,
    match_key,
    parse_display_name,
    parse_name,
    slugify,
    split_author_line,
)


def _pairs(names: list[PersonName]) -> list[tuple[str, str]]:
    return [(name.family, name.given) for name in names]


def test_split_keeps_source_order_and_given_names() -> None:
    names = split_author_line(
        "Kingma, Durk P., Mohamed, Shakir, Rezende, Danilo Jimenez, Welling, Max"
    )
    assert _pairs(names) == [
        ("Kingma", "Durk P."),
        ("Mohamed", "Shakir"),
        ("Rezende", "Danilo Jimenez"),
        ("Welling", "Max"),
    ]
    assert [name.display for name in names] == [
        "Durk P. Kingma",
        "Shakir Mohamed",
        "Danilo Jimenez Rezende",
        "Max Welling",
    ]


def test_trailing_particles_move_to_the_family_name() -> None:
    (name,) = split_author_line("Berg, Rianne van den")
    assert (name.family, name.given) == ("van den Berg", "Rianne")
    assert name.display == "Rianne van den Berg"
    assert name.as_written == "Berg, Rianne van den"
    assert slugify(name.display) == "rianne-van-den-berg"
    assert name.key == match_key("van den Berg", "Rianne")


@pytest.mark.parametrize(
    ("line", "family", "given", "display"),
    [
        ("de Haan, Pim", "de Haan", "Pim", "Pim de Haan"),
        ("van Baalen, Mart", "van Baalen", "Mart", "Mart van Baalen"),
        ("Beethoven, Ludwig van", "van Beethoven", "Ludwig", "Ludwig van Beethoven"),
        ("Cruz, Maria de la", "de la Cruz", "Maria", "Maria de la Cruz"),
        ("Hoff, Jacobus van 't", "van 't Hoff", "Jacobus", "Jacobus van 't Hoff"),
        # All lowercase: "di" may be a given name, so nothing moves.
        ("li, xiao di", "li", "xiao di", "xiao di li"),
        # Nothing but particles would be left of the given part.
        ("Berg, van den", "Berg", "van den", "van den Berg"),
        # Capitalised "Van" is a name, not a particle.
        ("Nguyen, Van", "Nguyen", "Van", "Van Nguyen"),
    ],
)
def test_particles(line: str, family: str, given: str, display: str) -> None:
    (name,) = split_author_line(line)
    assert (name.family, name.given, name.display) == (family, given, display)


@pytest.mark.parametrize(
    ("line", "family", "given"),
    [
        ("Cheng, Miranda C. N.", "Cheng", "Miranda C. N."),
        ("Kaminka, G.A.", "Kaminka", "G.A."),
        ("Köhler, Jonas", "Köhler", "Jonas"),
        ("mi, xianghang", "mi", "xianghang"),
        ("O'Donoghue, Brendan", "O'Donoghue", "Brendan"),
        ("Grill, Jean-Bastien", "Grill", "Jean-Bastien"),
        ("Satorras, Victor Garcia", "Satorras", "Victor Garcia"),
        ("Bejnordi, Babak Ehteshami", "Bejnordi", "Babak Ehteshami"),
    ],
)
def test_spelling_is_kept_exactly(line: str, family: str, given: str) -> None:
    (name,) = split_author_line(line)
    assert (name.family, name.given, name.as_written) == (family, given, line)


def test_whitespace_is_trimmed_and_collapsed() -> None:
    names = split_author_line("  Kingma ,  Durk   P. ,Welling,\tMax  ")
    assert _pairs(names) == [("Kingma", "Durk P."), ("Welling", "Max")]
    assert [name.as_written for name in names] == ["Kingma, Durk P.", "Welling, Max"]


def _sixty_authors() -> list[tuple[str, str]]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [
        (f"Fam{letters[i // 26]}{letters[i % 26]}", f"Given {letters[i % 26].upper()}.")
        for i in range(60)
    ]


def test_sixty_author_line() -> None:
    authors = _sixty_authors()
    line = ", ".join(f"{family}, {given}" for family, given in authors)
    assert looks_like_author_line(line)
    names = split_author_line(line)
    assert _pairs(names) == authors
    assert names[59].display == "Given H. Famch"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "Kingma, Durk P., Mohamed, Shakir, Welling",
            "authors line has 5 comma-separated parts; expected 'Family, Given' pairs: "
            "'Kingma, Durk P., Mohamed, Shakir, Welling'",
        ),
        (
            "Kingma, Durk P., , Shakir",
            "authors line has an empty part (part 3 of 4); expected 'Family, Given' pairs: "
            "'Kingma, Durk P., , Shakir'",
        ),
        (
            "Kingma, Durk P.,",
            "authors line has an empty part (part 3 of 3); expected 'Family, Given' pairs: "
            "'Kingma, Durk P.,'",
        ),
        ("   ", "authors line is empty; expected 'Family, Given' pairs: '   '"),
    ],
)
def test_split_errors_say_what_was_expected(line: str, message: str) -> None:
    with pytest.raises(AuthorLineError) as caught:
        split_author_line(line)
    assert str(caught.value) == message
    assert caught.value.text == line


def test_split_error_quotes_long_lines_shortened() -> None:
    line = ", ".join(["Family, Given"] * 20) + ", Odd"
    with pytest.raises(AuthorLineError) as caught:
        split_author_line(line)
    assert caught.value.reason == (
        "authors line has 41 comma-separated parts; expected 'Family, Given' pairs"
    )
    quoted = str(caught.value).removeprefix(caught.value.reason + ": ")
    assert quoted.startswith("'Family, Given, Family") and quoted.endswith("\u2026'")
    assert len(quoted) == 82  # 79 characters of the line, the ellipsis and two quotes


def test_error_class_is_a_value_error() -> None:
    assert issubclass(AuthorLineError, ValueError)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Köhler", "kohler"),
        ("KÖHLER", "kohler"),
        ("Łukasz Øster-Æbelø", "lukasz oster-aebelo"),
        ("Straße", "strasse"),
        ("Đorđević", "dordevic"),
        ("Œuvre  Þór", "oeuvre thor"),
        ("  José\tGarcía  ", "jose garcia"),
        ("Ñúñez", "nunez"),
        ("\ufb01ne", "fine"),  # the "fi" ligature
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_match_key_ignores_case_and_diacritics() -> None:
    key = match_key("Köhler", "Jonas")
    assert key == match_key("KOHLER", "jonas") == match_key("kohler", "Jonas")
    assert key == match_key("KÖHLER", "JONAS") == match_key("Ko\u0308hler", "Jonas")


def test_match_key_ignores_punctuation_between_initials() -> None:
    assert match_key("Cheng", "Miranda C. N.") == match_key("Cheng", "Miranda C.N.")
    assert match_key("Kaminka", "G.A.") == match_key("Kaminka", "G. A.")
    assert match_key("O'Donoghue", "Brendan") == match_key("O\u2019Donoghue", "Brendan")


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Cheng", "Miranda C. N."), ("Cheng", "Miranda")),
        (("Kohler", "Jonas"), ("Kohler", "Jona")),
        (("Welling", "Max"), ("Welling", "M.")),
        (("Shi", "Xiahan"), ("Hu", "Shi")),
        (("Berg", "Rianne"), ("van den Berg", "Rianne")),
        (("Welling", ""), ("Welling", "Max")),
    ],
)
def test_match_key_keeps_different_names_apart(
    one: tuple[str, str], other: tuple[str, str]
) -> None:
    assert match_key(*one) != match_key(*other)


def test_person_name_key_uses_match_key() -> None:
    name = parse_name("Köhler", "Jonas")
    assert name.key == match_key("kohler", "jonas")
    assert name.key == parse_name("KÖHLER", "Jonas").key


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Jonas Köhler", "jonas-kohler"),
        ("Rianne van den Berg", "rianne-van-den-berg"),
        ("Brendan O'Donoghue", "brendan-odonoghue"),
        ("Brendan O\u2019Donoghue", "brendan-odonoghue"),
        ("Jean-Bastien Grill", "jean-bastien-grill"),
        ("Miranda C. N. Cheng", "miranda-c-n-cheng"),
        ("  Łukasz   Øster ", "lukasz-oster"),
        ("\u674e\u660e", "author"),  # nothing ASCII remains
        ("", "author"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_display_without_given_name_is_the_family_name() -> None:
    assert PersonName(family="Plato", given="", as_written="Plato").display == "Plato"


@pytest.mark.parametrize(
    "line",
    [
        "Welling, Max",
        "Kingma, Durk P., Mohamed, Shakir, Rezende, Danilo Jimenez, Welling, Max",
        "Kaminka, G.A.",
        "mi, xianghang",
        "O'Donoghue, Brendan, Grill, Jean-Bastien",
        "King, Martin Luther Jr.",
        "Berg, Rianne van den, de Haan, Pim",
        "Learning, Fast and Slow",  # shaped like names; the listing parser decides by structure
    ],
)
def test_looks_like_author_line(line: str) -> None:
    assert looks_like_author_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Semi-supervised Learning with Deep Generative Models",  # no comma
        "Kingma, Durk P., Welling",  # odd number of parts
        "Kingma, , Welling, Max",  # empty part
        "DP-MAC: Private, Learning",  # colon
        "Covariance in Physics, 2019",  # digits
        "Is it real, or is it not?",  # question mark
        "We study this, and that.",  # sentence full stop
        "Deep networks for images of cats, Revisited",  # six words in one part
        "The ever-increasing size of modern data sets, combined with the difficulty of labels",
        "A \u201cquoted\u201d title, Again",
    ],
)
def test_does_not_look_like_author_line(line: str) -> None:
    assert not looks_like_author_line(line)


def test_author_line_penalty_counts_title_words() -> None:
    assert author_line_penalty("Kingma, Durk P., Welling, Max") == 0
    assert author_line_penalty("Smith, A, Jones, An") == 0  # initials, not articles
    assert author_line_penalty("Learning, Fast and Slow") == 1
    assert author_line_penalty("Attention, The Way of Things") == 2


@pytest.mark.parametrize(
    ("text", "family", "given"),
    [
        ("Max Welling", "Welling", "Max"),
        ("M. Welling", "Welling", "M."),
        ("Welling, Max", "Welling", "Max"),
        ("  Welling ,  Max ", "Welling", "Max"),
        ("Rianne van den Berg", "van den Berg", "Rianne"),
        ("Berg, Rianne van den", "van den Berg", "Rianne"),
        ("van den Berg", "van den Berg", ""),
        ("Danilo Jimenez Rezende", "Rezende", "Danilo Jimenez"),
        ("Martin Luther King Jr.", "King Jr.", "Martin Luther"),
        ("King, Jr., Martin Luther", "King Jr.", "Martin Luther"),
        ("Plato", "Plato", ""),
    ],
)
def test_parse_display_name(text: str, family: str, given: str) -> None:
    name = parse_display_name(text)
    assert (name.family, name.given) == (family, given)
    assert name.as_written == " ".join(text.split())


@pytest.mark.parametrize("text", ["", "   ", "Welling,", "A, B, C, D"])
def test_parse_display_name_rejects_non_names(text: str) -> None:
    with pytest.raises(AuthorLineError, match="expected a name as 'Given Family'"):
        parse_display_name(text)
