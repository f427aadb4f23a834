"""Small listing texts for import tests, written the way portals show them."""

from __future__ import annotations

from pathlib import Path

TWO_PAPERS = (
    "Not enough data to create a plot.\n"
    "Welling, Max\n"
    "First Paper: On Things\n"
    "Welling, Max, Köhler, Jonas\n"
    "An abstract.\n"
    "Second Paper\n"
    "Berg, Rianne van den, Welling, Max\n"
    "Another abstract.\n"
)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    """Write a listing file and return its path."""
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
