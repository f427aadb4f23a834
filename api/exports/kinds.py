"""What kind of publication a venue names, since papers store a venue but no entry type."""

from __future__ import annotations

import re
from enum import Enum

# Words and acronyms that mark conference and workshop proceedings.
_PROCEEDINGS = re.compile(
    r"\b(proceedings|proc\.|conference|workshop|symposium|congress|advances in neural"
    r"|neurips|nips|icml|iclr|iccv|cvpr|eccv|uai|aistats|miccai|bmvc|aaai|ijcai|acl|emnlp"
    r"|naacl|kdd|sigir|www)\b",
    re.IGNORECASE,
)


class Kind(Enum):
    """The entry type every export format maps to its own vocabulary."""

    PROCEEDINGS = "proceedings"
    JOURNAL = "journal"
    OTHER = "other"


def kind_of(venue: str | None) -> Kind:
    """Proceedings when the venue names a conference or workshop, a journal otherwise.

    Args:
        venue: The stored venue, e.g. "Advances in Neural Information Processing Systems 32".

    Returns:
        OTHER when there is no venue.
    """
    if not venue:
        return Kind.OTHER
    return Kind.PROCEEDINGS if _PROCEEDINGS.search(venue) else Kind.JOURNAL
