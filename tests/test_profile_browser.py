"""Profile pages and the group widget in headless Chromium, against real HTTP servers.

Each backend serves two databases, both holding the seed and the lab: one as the seed is (no
years) and one with the years of ``tests/fixtures/welling-years.bib`` merged in. The apps run
in uvicorn threads of this process (they start in well under a second); the widget's page is
served from a third origin.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from api.app import create_app
from api.settings import Settings
from tests.conftest import ROOT
from tests.support.amlab import DATED_LAB_PAPERS, LAB, amlab_database
from tests.support.browser import chromium
from tests.support.databases import DatabaseFactory
from tests.support.served_api import free_port
from tests.support.static_site import serve_folder

# All browser tests share one worker, so the browser is launched once for the module.
pytestmark = pytest.mark.xdist_group("browser")

ARTIFACTS = ROOT / "test-artifacts"
PLACEHOLDER_API = "http://papergraph.invalid"
WIDGET_PAGE = f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Lab publications</title><link rel="icon" href="data:,"></head>
<body><main>
<h1>Our publications</h1>
<papergraph-publications group="{LAB}" api="{PLACEHOLDER_API}"></papergraph-publications>
<script src="{PLACEHOLDER_API}/widget.js"></script>
</main></body>
</html>
"""


@contextmanager
def serve_app(database_url: str, *, timeout: float = 20) -> Iterator[str]:
    """Serve an app on ``database_url`` from a uvicorn thread until the block ends; its URL."""
    port = free_port()
    app = create_app(Settings(env="test", database_url=database_url))
    # log_config=None: the process's logging stays as the other tests set it.
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise AssertionError(f"the app on port {port} did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@dataclass
class Sites:
    """Where each served thing is."""

    backend: str
    undated: str
    dated: str
    lab: str


@dataclass
class Tab:
    """A page and what it logged."""

    page: Page
    console_errors: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.status == 200, url
        expect(self.page.locator("h1")).to_be_visible()

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=ARTIFACTS / name, full_page=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def sites(databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    folder: Path = tmp_path_factory.mktemp(f"lab-page-{databases.backend}")
    (folder / "index.html").write_text(WIDGET_PAGE, encoding="utf-8")
    with (
        amlab_database(databases, years=False) as undated_url,
        amlab_database(databases, years=True) as dated_url,
        serve_app(undated_url) as undated,
        serve_app(dated_url) as dated,
        serve_folder(folder, rewrite={PLACEHOLDER_API: dated}) as lab,
    ):
        yield Sites(backend=databases.backend, undated=undated, dated=dated, lab=lab)


def _tab(browser: Browser, *, javascript: bool) -> Iterator[Tab]:
    context = browser.new_context(
        viewport={"width": 1100, "height": 900}, java_script_enabled=javascript
    )
    tab = Tab(context.new_page())
    tab.page.set_default_timeout(10_000)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            tab.console_errors.append(message.text)

    tab.page.on("console", on_console)
    tab.page.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    yield from _tab(browser, javascript=True)


@pytest.fixture
def no_script_tab(browser: Browser) -> Iterator[Tab]:
    """A browser with JavaScript off, as some readers and crawlers have it."""
    yield from _tab(browser, javascript=False)


def test_without_years_the_page_lists_and_charts_everything_as_undated(
    no_script_tab: Tab, sites: Sites
) -> None:
    tab = no_script_tab
    tab.open(f"{sites.undated}/authors/max-welling")
    expect(tab.page.locator("main h3")).to_have_text(["Undated"])
    expect(tab.page.locator("li.paper")).to_have_count(10)
    bars = tab.page.locator("svg.chart rect.bar")
    expect(bars).to_have_count(1)
    expect(bars.first).to_have_attribute("data-label", "Undated")
    expect(tab.page.locator("svg.chart text.axis-label")).to_have_text(["Undated"])
    expect(tab.page.locator("svg.network a.node")).to_have_count(32)
    tab.screenshot(f"profile-undated-{sites.backend}.png")
    assert tab.console_errors == []


def test_with_years_the_chart_has_a_bar_per_year_and_the_network_welling_and_31(
    tab: Tab, sites: Sites
) -> None:
    tab.open(f"{sites.dated}/authors/max-welling")
    expect(tab.page.locator("main h3")).to_have_text(["2020", "2019", "2014"])
    bars = tab.page.locator("svg.chart rect.bar")
    expect(bars).to_have_count(3)
    labels = [bars.nth(i).get_attribute("data-label") for i in range(3)]
    assert labels == ["2014", "2019", "2020"]
    heights = []
    for i in range(3):
        box = bars.nth(i).bounding_box()
        assert box is not None
        heights.append(box["height"])
    assert [height / heights[0] for height in heights] == pytest.approx([1, 7, 2], rel=0.02)

    centre = tab.page.locator("svg.network a.node.centre")
    expect(centre).to_have_count(1)
    expect(centre).to_have_accessible_name("Max Welling, 10 papers")
    coauthors = tab.page.locator("svg.network a.node:not(.centre)")
    expect(coauthors).to_have_count(31)
    for i in range(31):
        expect(coauthors.nth(i).locator("circle")).to_be_visible()
    tab.screenshot(f"profile-author-{sites.backend}.png")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.pdf(path=ARTIFACTS / f"profile-author-{sites.backend}.pdf")
    assert (ARTIFACTS / f"profile-author-{sites.backend}.pdf").stat().st_size > 10_000
    assert tab.console_errors == []


def test_clicking_a_node_opens_that_authors_page(tab: Tab, sites: Sites) -> None:
    tab.open(f"{sites.dated}/authors/max-welling")
    tab.page.get_by_role("link", name="Taco S. Cohen, 1 shared paper").click()
    expect(tab.page).to_have_url(f"{sites.dated}/authors/taco-s-cohen")
    expect(tab.page.locator("h1")).to_have_text("Taco S. Cohen")
    expect(tab.page.locator("svg.network a.node.centre")).to_have_accessible_name(
        "Taco S. Cohen, 1 paper"
    )
    # Back in the middle of his own network, Welling's node leads home.
    tab.page.get_by_role("link", name="Max Welling, 1 shared paper").click()
    expect(tab.page).to_have_url(f"{sites.dated}/authors/max-welling")
    assert tab.console_errors == []


def test_the_groups_page_lists_each_paper_once_around_its_members(tab: Tab, sites: Sites) -> None:
    tab.open(f"{sites.dated}/groups/{LAB}")
    titles = [title for title, _ in DATED_LAB_PAPERS]
    expect(tab.page.locator("li.paper .title")).to_have_text(titles)
    expect(tab.page.locator("li.paper strong.highlight")).to_have_count(6)
    expect(tab.page.locator("svg.chart rect.bar")).to_have_count(3)
    expect(tab.page.locator("svg.network a.node.centre")).to_have_count(4)
    tab.page.get_by_role("link", name="Xiahan Shi, 2 papers").click()
    expect(tab.page).to_have_url(f"{sites.dated}/authors/xiahan-shi")
    tab.page.get_by_role("link", name="Amsterdam Machine Learning Lab").click()
    expect(tab.page).to_have_url(f"{sites.dated}/groups/{LAB}")
    tab.screenshot(f"profile-group-{sites.backend}.png")
    assert tab.console_errors == []


def test_the_widget_lists_a_group_with_every_member_highlighted(tab: Tab, sites: Sites) -> None:
    tab.page.goto(sites.lab)
    widget = tab.page.locator("papergraph-publications")
    expect(widget.locator("li.paper")).to_have_count(5)
    expect(widget.locator("h3")).to_have_text(["2020", "2019", "2014"])
    expect(widget.locator(".title")).to_have_text([title for title, _ in DATED_LAB_PAPERS])
    highlighted = widget.locator("li.paper strong.self")
    expect(highlighted).to_have_count(6)
    assert set(highlighted.all_text_contents()) == {
        "Tijmen Blankevoort",
        "Xiahan Shi",
        "Zeynep Akata",
        "Durk P. Kingma",
    }
    expect(widget.locator("[role=status]")).to_have_text("5 publications")
    tab.screenshot(f"widget-group-{sites.backend}.png")
    assert tab.console_errors == []
