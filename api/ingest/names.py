"""Person names as sources write them: splitting author lines, particles, keys and slugs.

Sources write authors as "Family, Given" pairs and spell the same person with different case,
accents or initials punctuation. This module turns that text into :class:`PersonName` values
whose :attr:`PersonName.key` stays the same across those spellings, so loaders can merge them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

# Lowercase words that belong to the family name even when a source files them after the given
# name ("Berg, Rianne van den"). Matched case-sensitively: "Van" in "Van, Linh" is a name.
PARTICLES = frozenset(
    {
        "al", "bin", "binti", "da", "dal", "dalla", "das", "de", "degli", "dei", "del", "della",
        "delle", "den", "der", "des", "di", "do", "dos", "du", "el", "ibn", "la", "le", "les",
        "te", "ten", "ter", "van", "vom", "von", "zu", "zum", "zur", "'t", "\u2019t",
    }
)  # fmt: skip

# Letters NFKD leaves whole because they are not "letter plus accent" in Unicode.
_EXTRA_FOLDS = str.maketrans(
    {"ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "\u0131": "i",
     "ħ": "h", "ŧ": "t", "ŀ": "l", "ß": "ss"}
)  # fmt: skip
_APOSTROPHES = re.compile("['`\u2019\u02bc\u00b4]")
_NON_WORD = re.compile(r"[\W_]+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_MAX_NAME_WORDS = 5
_MAX_NAME_CHARS = 60
# A character of a name word: not a space or comma, nor a digit or punctuation of titles and prose.
_NAME_CHAR = r"[^\s,\d:;?!\"()\[\]{}<>/\\|@#$%&*+=_~^\u2013\u2014\u201c\u201d\u201e\u00ab\u00bb]"
_ABBREVIATION = r"(?:[^\W\d_]{1,3}\.-?)+"  # "P.", "G.A.", "Jr.", "J.-B."
# One to five words; the last ends in "." only as an initial or abbreviation, since a final full
# stop otherwise ends a sentence. One possessive regular expression rather than a loop over
# parts keeps shape tests fast on listings of 100,000 records.
_LAST_WORD = rf"(?:{_NAME_CHAR}++(?<!\.)|{_ABBREVIATION}(?=[\s,]|$))"
_PART = rf"(?:{_NAME_CHAR}++\s+){{0,{_MAX_NAME_WORDS - 1}}}{_LAST_WORD}"
_NAME_PART = re.compile(_PART)
_AUTHOR_LINE = re.compile(rf"\s*{_PART}\s*,\s*{_PART}(?:\s*,\s*{_PART}\s*,\s*{_PART})*\s*")
# Function words common in titles and absent from names; they mark "Learning, Fast and Slow".
# Capitalised forms count from three letters on, so the initial "A" is not mistaken for one.
_TITLE_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on",
        "or", "over", "the", "through", "to", "towards", "under", "using", "via", "with",
        "without",
    }
)  # fmt: skip
_TITLE_WORD_FORMS = _TITLE_WORDS | {word.title() for word in _TITLE_WORDS if len(word) > 2}


class AuthorLineError(ValueError):
    """Author text that cannot be read as names; ``reason`` says what was expected."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(f"{reason}: {excerpt(text, 80)}")
        self.reason = reason
        self.text = text


@dataclass(frozen=True, slots=True)
class PersonName:
    """One author: family and given name, and the text the source wrote for them."""

    family: str
    given: str
    as_written: str
    # The key under which spellings of this name are merged (see :func:`match_key`); computed
    # once, since an import asks for it several times per authorship.
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", match_key(self.family, self.given))

    @property
    def display(self) -> str:
        """The name in reading order, "Rianne van den Berg"; just the family without a given."""
        return f"{self.given} {self.family}" if self.given else self.family


def excerpt(text: str, limit: int = 60) -> str:
    """Quote ``text`` for an error message, shortened to ``limit`` characters with an ellipsis.

    Args:
        text: The offending text.
        limit: The most characters of ``text`` to show.

    Returns:
        The text in single quotes, e.g. ``'Semi-supervised Learning…'``.
    """
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1].rstrip()}\u2026'"


def fold(text: str) -> str:
    """Fold case and diacritics for comparison: "Köhler  Łukasz" -> "kohler lukasz".

    Args:
        text: Any text.

    Returns:
        The text casefolded, without combining marks, with letters NFKD keeps whole (ø, ł, æ,
        đ, ...) mapped to ASCII, and runs of whitespace collapsed to one space.
    """
    if text.isascii():
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    # Compatibility forms can decompose to capitals (black-letter H to "H"), so fold case again.
    return " ".join(bare.casefold().translate(_EXTRA_FOLDS).split())


def _key_part(text: str) -> str:
    # Punctuation separates words only, so "C. N." and "C.N." give the same key part.
    return " ".join(_NON_WORD.sub(" ", fold(_APOSTROPHES.sub("", text))).split())


# Not cached: it runs once per PersonName, and names are shared (_name), so a cache here would
# hold a second entry per distinct name (about 23 MB of peak RSS at 100,000 papers) for nothing.
def match_key(family: str, given: str) -> str:
    """The key that identifies a person across spellings of their name.

    Case, diacritics, apostrophes and punctuation between initials do not matter, so
    "Köhler, Jonas" and "KOHLER, jonas" share a key, as do "Cheng, Miranda C. N." and
    "Cheng, Miranda C.N."; any other difference in the given name gives a different key.

    Args:
        family: The family name, particles included ("van den Berg").
        given: The given names and initials; may be empty.

    Returns:
        A string of the form ``"family words|given words"``.
    """
    return f"{_key_part(family)}|{_key_part(given)}"


def slugify(text: str) -> str:
    """A URL-safe slug: "Jonas Köhler" -> "jonas-kohler", "O'Donoghue" -> "odonoghue".

    Args:
        text: The text to slug, usually a display name.

    Returns:
        Lowercase ASCII words joined by hyphens; "author" when nothing ASCII remains.
    """
    ascii_text = fold(_APOSTROPHES.sub("", text)).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_text).strip("-") or "author"


def parse_name(family_part: str, given_part: str) -> PersonName:
    """Build a name from a source's family and given parts, moving trailing particles.

    Lowercase particles at the end of the given part belong to the family name:
    ("Berg", "Rianne van den") gives family "van den Berg", given "Rianne". They stay put
    when nothing else would remain of the given part, or when the given part is written all
    in lowercase, where a particle cannot be told from a given name ("li", "xiao di").

    Args:
        family_part: The family name as written, e.g. "Berg" or "de Haan".
        given_part: The given names as written; may be empty.

    Returns:
        The name, with whitespace collapsed and the source's spelling otherwise kept.
    """
    return _name(" ".join(family_part.split()), " ".join(given_part.split()))


# Prolific authors repeat on thousands of lines; one shared (immutable) object each saves memory.
@lru_cache(maxsize=1 << 17)
def _name(family: str, given: str) -> PersonName:
    # Both parts arrive with whitespace collapsed; split_author_line calls this directly.
    as_written = f"{family}, {given}" if given else family
    if given.rpartition(" ")[2] in PARTICLES and given != given.lower():
        words = given.split(" ")
        cut = len(words)
        while cut and words[cut - 1] in PARTICLES:
            cut -= 1
        if cut:
            family = " ".join([*words[cut:], family])
            given = " ".join(words[:cut])
    return PersonName(family=family, given=given, as_written=as_written)


def forget_shared_names() -> None:
    """Drop the names kept for sharing while parsing; parsed papers keep the ones they hold.

    The cache's own bookkeeping is about 20 MB once a 100,000-paper listing is parsed, and would
    otherwise stay while the papers are loaded.
    """
    _name.cache_clear()


def split_author_line(line: str) -> list[PersonName]:
    """Split an authors line "Family, Given, Family, Given, ..." into names in source order.

    Args:
        line: One authors line.

    Returns:
        The names in the order the line gives them.

    Raises:
        AuthorLineError: The line is empty, has an empty part, or an odd number of parts.
    """
    parts = [part.strip() for part in " ".join(line.split()).split(",")]
    if parts == [""]:
        raise AuthorLineError("authors line is empty; expected 'Family, Given' pairs", line)
    if "" in parts:
        position = parts.index("") + 1
        raise AuthorLineError(
            f"authors line has an empty part (part {position} of {len(parts)}); "
            "expected 'Family, Given' pairs",
            line,
        )
    if len(parts) % 2:
        raise AuthorLineError(
            f"authors line has {len(parts)} comma-separated parts; expected 'Family, Given' pairs",
            line,
        )
    return [_name(family, given) for family, given in zip(parts[::2], parts[1::2], strict=True)]


def looks_like_name_part(part: str) -> bool:
    """Whether ``part`` is shaped like one family or given part of a name.

    Args:
        part: Text between two commas of a candidate authors line.

    Returns:
        True for short text (at most five words and 60 characters) without digits or sentence
        punctuation, ending in "." only after an initial or abbreviation ("G.A.", "Jr.").
    """
    part = part.strip()
    return len(part) <= _MAX_NAME_CHARS and _NAME_PART.fullmatch(part) is not None


def looks_like_author_line(line: str) -> bool:
    """Whether ``line`` is shaped like "Family, Given, ..." pairs; case does not matter.

    Args:
        line: One line of a listing.

    Returns:
        True when the line splits on commas into an even number of name-shaped parts.
    """
    # Most lines of a listing are titles and abstracts; this rejects them without a regex.
    comma = line.find(",")
    if comma < 0 or len(line[:comma].strip()) > _MAX_NAME_CHARS:
        return False
    if _AUTHOR_LINE.fullmatch(line) is None:
        return False
    parts = line.split(",")
    return max(map(len, parts)) <= _MAX_NAME_CHARS or all(
        len(part.strip()) <= _MAX_NAME_CHARS for part in parts
    )


def author_line_penalty(line: str) -> int:
    """How un-name-like an author-shaped line is, for choosing between readings of a listing.

    Args:
        line: A line for which :func:`looks_like_author_line` holds.

    Returns:
        The number of distinct title words in it ("and", "of", "With", ...); 0 for an ordinary
        list of names.
    """
    return len(_TITLE_WORD_FORMS.intersection(line.replace(",", " ").split()))


def parse_display_name(text: str) -> PersonName:
    """Read a name written either way round: "Max Welling", "M. Welling" or "Welling, Max".

    In reading order the last word is the family name, together with the lowercase particles
    before it ("Rianne van den Berg") and a suffix after it ("Martin Luther King Jr.").
    A single word is a family name alone. With commas, "Family, Given" and BibTeX's
    "Family, Jr., Given" are accepted.

    Args:
        text: One person's name.

    Returns:
        The name; ``as_written`` is ``text`` with whitespace collapsed.

    Raises:
        AuthorLineError: The text is empty or has more than two commas.
    """
    written = " ".join(text.split())
    parts = [part.strip() for part in written.split(",")]
    if not written or "" in parts or len(parts) > 3:
        raise AuthorLineError(
            "expected a name as 'Given Family', 'Family, Given' or 'Family, Jr., Given'", text
        )
    if len(parts) > 1:
        family = parts[0] if len(parts) == 2 else f"{parts[0]} {parts[1]}"
        return replace(parse_name(family, parts[-1]), as_written=written)
    words = written.split()
    cut = len(words) - 1
    if cut > 1 and words[cut].lower() in _SUFFIXES:
        cut -= 1
    while cut and words[cut - 1] in PARTICLES:
        cut -= 1
    return PersonName(family=" ".join(words[cut:]), given=" ".join(words[:cut]), as_written=written)


def sort_name(name: PersonName) -> str:
    """The key authors are listed by: folded family name, then folded given name."""
    # The unit separator sorts below every printable character, so "Hu" comes before "Huisman".
    return f"{fold(name.family)}\x1f{fold(name.given)}"
