"""The export formats: file extension, media type and renderer of each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum

from api.exports.bibtex import bibtex
from api.exports.csl_json import csl_json
from api.exports.ris import ris
from api.reads.publications import Publication


class ExportFormat(Enum):
    """A publication-list format, named by its file extension."""

    BIBTEX = "bib"
    CSL_JSON = "json"
    RIS = "ris"
    ATOM = "atom"

    @property
    def media_type(self) -> str:
        """The Content-Type it is served with."""
        return _MEDIA_TYPES[self]


_MEDIA_TYPES = {
    ExportFormat.BIBTEX: "application/x-bibtex; charset=utf-8",
    ExportFormat.CSL_JSON: "application/vnd.citationstyles.csl+json",
    # RIS has no declared encoding of its own; without a charset readers guess Latin-1.
    ExportFormat.RIS: "application/x-research-info-systems; charset=utf-8",
    ExportFormat.ATOM: "application/atom+xml; charset=utf-8",
}

# Formats that are a list of references; Atom is a feed and needs a FeedHead (api.exports.atom).
RENDERERS: dict[ExportFormat, Callable[[Sequence[Publication]], str]] = {
    ExportFormat.BIBTEX: bibtex,
    ExportFormat.CSL_JSON: csl_json,
    ExportFormat.RIS: ris,
}
