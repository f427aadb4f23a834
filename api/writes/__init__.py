"""Curators' edits: papers, authors and imports, validated field by field; flush, never commit."""
