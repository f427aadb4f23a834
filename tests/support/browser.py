"""Headless Chromium from Debian's package, driven by Playwright without a browser download."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = Path(os.environ.get("PAPERGRAPH_TEST_CHROMIUM", "/usr/bin/chromium"))
# Quiet, self-contained runs: no sandbox (root in CI), no GPU, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@contextmanager
def chromium() -> Iterator[Browser]:
    """A launched browser; skips the test without one, except with CI=true where it fails."""
    if not CHROMIUM.is_file():
        problem = f"{CHROMIUM} is missing: `make test` installs Debian's chromium when run as root"
        if _in_ci():
            pytest.fail(f"{problem} (CI=true: the browser tests must run)")
        pytest.skip(problem)
    # Playwright's own browser builds are never used (nor downloaded): Debian's is.
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
