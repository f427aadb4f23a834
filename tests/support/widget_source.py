"""What tests read out of the widget's source: the GraphQL query it sends."""

from __future__ import annotations

import re

from tests.conftest import ROOT

WIDGET_JS = ROOT / "api" / "static" / "widget.js"


def widget_query() -> str:
    """The exact query text in widget.js (a template literal without substitutions)."""
    found = re.search(r"const QUERY = `([^`]*)`;", WIDGET_JS.read_text(encoding="utf-8"))
    assert found and "${" not in found.group(1), "widget.js must define QUERY as plain text"
    return found.group(1)
