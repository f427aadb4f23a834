"""The widget in headless Chromium: a lab page on one origin, a real API process on another."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, Request, expect

from api.db import create_sync_engine
from api.http.persisted_queries import query_hash
from api.ingest.service import import_papers, parse_files
from tests.conftest import ROOT, SEED_FILE
from tests.support.browser import chromium
from tests.support.databases import DatabaseFactory
from tests.support.factories import make_paper
from tests.support.served_api import free_port, serve_api
from tests.support.static_site import serve_folder
from tests.support.widget_source import widget_query

# All browser tests share one worker, so the browser is launched once for the module.
pytestmark = pytest.mark.xdist_group("browser")

LAB_SITE = ROOT / "examples" / "lab-website"
LAB_SITE_API = "http://127.0.0.1:8000"  # what the example page is written for
ARTIFACTS = ROOT / "test-artifacts"
WIDGET = "papergraph-publications"
QUANTIZATION_TITLE = "Data-Free Quantization through Weight Equalization and Bias Correction"
# Papers with years for a co-author of the seed's owner (who has one undated seed paper).
COHEN_PAPERS = [
    make_paper(
        title="Equivariant Convolutional Networks",
        year=2021,
        venue="PhD thesis, University of Amsterdam",
        authors="Cohen, Taco S.",
    ),
    make_paper(
        title="Gauge Equivariant Convolutional Networks and the Icosahedral CNN",
        year=2019,
        venue="ICML",
        doi="10.48550/arXiv.1902.04615",
        authors="Cohen, Taco S., Weiler, Maurice, Kicanaoglu, Berkay",
    ),
    make_paper(
        title="Spherical CNNs",
        year=2018,
        venue="ICLR",
        url="https://openreview.net/forum?id=Hkbd5xZRb",
        authors="Cohen, Taco S., Geiger, Mario, Köhler, Jonas",
    ),
]


@dataclass
class Site:
    """The API and the lab page, each on its own origin."""

    backend: str
    api: str
    lab: str


@dataclass
class Tab:
    """A page with what it logged and which GraphQL requests it sent."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    graphql: list[Request] = field(default_factory=list)

    @property
    def widget(self) -> Locator:
        return self.page.locator(WIDGET).first

    def papers(self) -> Locator:
        return self.widget.locator("li.paper")

    def shown(self) -> Locator:
        return self.widget.locator("li.paper:visible")

    def open_lab_page(self, site: Site) -> None:
        self.page.goto(site.lab)
        expect(self.papers()).to_have_count(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # A busy machine may take seconds to answer; waits end as soon as the page is ready.
    expect.set_options(timeout=15_000)
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def site(databases: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A served database of this backend: the seed, and a co-author's papers with years."""
    url = databases.migrated()
    engine = create_sync_engine(url)
    try:
        import_papers(engine, [*parse_files([SEED_FILE]), *COHEN_PAPERS])
    finally:
        engine.dispose()
    workdir = tmp_path_factory.mktemp(f"serve-{databases.backend}")
    with (
        serve_api(url, workdir=workdir) as api,
        serve_folder(LAB_SITE, rewrite={LAB_SITE_API: api}) as lab,
    ):
        yield Site(backend=databases.backend, api=api, lab=lab)
    databases.release(url)


@pytest.fixture
def tab(browser: Browser, site: Site) -> Iterator[Tab]:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    tab = Tab(context.new_page())
    tab.page.set_default_timeout(15_000)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            tab.console_errors.append(message.text)

    tab.page.on("console", on_console)
    tab.page.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    tab.page.on(
        "request",
        lambda request: tab.graphql.append(request) if "/graphql" in request.url else None,
    )
    try:
        yield tab
    finally:
        context.close()


def _params(request: Request) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(request.url).query).items()}


def test_the_lab_page_lists_the_seed_papers_in_its_own_styles_from_another_origin(
    tab: Tab, site: Site
) -> None:
    assert urlsplit(site.lab).netloc != urlsplit(site.api).netloc
    tab.open_lab_page(site)

    expect(tab.widget.locator("h3")).to_have_text(["Undated"])
    expect(tab.widget.locator("li.paper strong.self")).to_have_count(10)
    expect(tab.widget.locator("li.paper strong.self").first).to_have_text("Max Welling")
    expect(tab.widget.get_by_text(QUANTIZATION_TITLE)).to_be_visible()
    expect(tab.widget.locator("[role=status]")).to_have_text("10 publications")
    expect(
        tab.widget.get_by_role("button", name=f"Copy BibTeX for {QUANTIZATION_TITLE}")
    ).to_be_visible()

    style = "(node, name) => getComputedStyle(node).getPropertyValue(name)"
    item = tab.papers().first
    # The lab's theme says li { display: inline; color: red } and button, input { display: none }.
    assert item.evaluate(style, "display") == "block"
    assert item.evaluate(style, "color") != "rgb(255, 0, 0)"
    expect(tab.widget.get_by_label("Search publications")).to_be_visible()
    # ... and the widget's styles do not reach the lab's own list items.
    host_item = tab.page.locator("nav li").first
    assert host_item.evaluate(style, "display") == "inline"
    assert host_item.evaluate(style, "color") == "rgb(255, 0, 0)"

    ARTIFACTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=ARTIFACTS / f"widget-{site.backend}.png", full_page=True)
    assert tab.console_errors == []


def test_the_widget_asks_by_hash_with_gets_and_sends_the_text_only_once(
    tab: Tab, site: Site
) -> None:
    tab.open_lab_page(site)
    tab.page.reload()
    expect(tab.papers()).to_have_count(10)

    assert {request.method for request in tab.graphql} == {"GET"}
    # Only safelisted headers: cross-origin "simple" requests that need no CORS preflight.
    assert all("content-type" not in request.headers for request in tab.graphql)
    extensions = {_params(request)["extensions"] for request in tab.graphql}
    sent = json.loads(extensions.pop())["persistedQuery"]["sha256Hash"]
    assert extensions == set() and sent == query_hash(widget_query())
    with_text = [request for request in tab.graphql if "query" in _params(request)]
    # This process may have seen the query in an earlier test; never more than one resend.
    assert len(with_text) <= 1
    last = tab.graphql[-1]
    assert "query" not in _params(last)
    response = last.response()
    assert response is not None and response.status == 200
    assert response.json()["data"]["author"]["name"] == "Max Welling"


def test_the_search_box_filters_as_you_type(tab: Tab, site: Site) -> None:
    tab.open_lab_page(site)
    search = tab.widget.get_by_label("Search publications")

    search.press_sequentially("quantization")
    expect(tab.shown()).to_have_count(1)
    expect(tab.shown().first).to_contain_text(QUANTIZATION_TITLE)
    expect(tab.widget.locator("[role=status]")).to_have_text("Showing 1 of 10 publications")

    search.fill("")
    expect(tab.shown()).to_have_count(10)
    expect(tab.widget.locator("[role=status]")).to_have_text("10 publications")

    search.fill("kohler")  # diacritics ignored: Köhler
    expect(tab.shown()).to_have_count(1)
    expect(tab.shown().first).to_contain_text("Jonas Köhler")

    search.fill("no such paper")
    expect(tab.shown()).to_have_count(0)
    expect(tab.widget.locator("h3:visible")).to_have_count(0)
    expect(tab.widget.locator("[role=status]")).to_have_text(
        'No publications match "no such paper".'
    )


def _focused_label(tab: Tab) -> str:
    return str(
        tab.widget.evaluate(
            """host => {
                const node = host.shadowRoot.activeElement;
                if (!node) return '';
                return node.getAttribute('aria-label') || node.id || node.textContent;
            }"""
        )
    )


def _tab_to(tab: Tab, label: str, limit: int = 40) -> None:
    for _ in range(limit):
        tab.page.keyboard.press("Tab")
        if _focused_label(tab) == label:
            return
    raise AssertionError(f"Tab never reached {label!r}")


def test_the_keyboard_reaches_the_search_box_and_a_bibtex_button_that_copies(
    tab: Tab, site: Site
) -> None:
    tab.open_lab_page(site)

    _tab_to(tab, "search")
    tab.page.keyboard.type("quantization")
    expect(tab.shown()).to_have_count(1)
    label = f"Copy BibTeX for {QUANTIZATION_TITLE}"
    _tab_to(tab, label)
    tab.page.keyboard.press("Enter")

    button = tab.widget.get_by_role("button", name=label)
    expect(button).to_have_text("Copied")
    expect(button).to_be_focused()
    expect(tab.widget.locator("[aria-live]:not([role=status])")).to_have_text(
        f'Copied the BibTeX entry for "{QUANTIZATION_TITLE}".'
    )
    copied = str(tab.page.evaluate("navigator.clipboard.readText()"))
    assert copied.startswith("@"), copied
    assert "Quantization" in copied


def test_the_embed_page_in_an_iframe_groups_papers_by_year(tab: Tab, site: Site) -> None:
    tab.open_lab_page(site)
    tab.page.evaluate(
        """src => { const frame = document.createElement('iframe');
            frame.src = src; frame.title = 'Publications'; frame.width = 800; frame.height = 900;
            document.querySelector('main').append(frame); }""",
        f"{site.api}/embed/authors/taco-s-cohen",
    )
    frame = tab.page.frame_locator("iframe[title=Publications]")
    widget = frame.locator(WIDGET)
    expect(frame.locator("h1")).to_have_text("Publications of Taco S. Cohen")
    expect(widget.locator("li.paper")).to_have_count(4)
    expect(widget.locator("h3")).to_have_text(["2021", "2019", "2018", "Undated"])
    expect(
        widget.locator("section", has=frame.locator("h3", has_text="2019")).locator("li")
    ).to_have_count(1)
    expect(widget.locator("li.paper strong.self")).to_have_count(4)
    expect(widget.locator("li.paper strong.self").first).to_have_text("Taco S. Cohen")
    expect(widget.get_by_role("link", name=re.compile(r"^DOI "))).to_have_attribute(
        "href", "https://doi.org/10.48550/arxiv.1902.04615"
    )
    expect(widget.get_by_role("link", name="URL")).to_have_attribute(
        "href", "https://openreview.net/forum?id=Hkbd5xZRb"
    )
    assert tab.console_errors == []


def test_an_unknown_author_and_an_unreachable_api_get_clear_messages(tab: Tab, site: Site) -> None:
    tab.open_lab_page(site)
    unreachable = f"http://127.0.0.1:{free_port()}"
    tab.page.evaluate(
        """([api, unreachable]) => {
            const cases = [['unknown', 'nobody-at-all', api], ['down', 'max-welling', unreachable]];
            for (const [id, author, base] of cases) {
                const widget = document.createElement('papergraph-publications');
                widget.id = id;
                widget.setAttribute('author', author);
                widget.setAttribute('api', base);
                document.querySelector('main').append(widget);
            }
        }""",
        [site.api, unreachable],
    )
    expect(tab.page.locator("#unknown [role=status]")).to_have_text(
        f'No author "nobody-at-all" is known to the publication service at {site.api}.'
    )
    expect(tab.page.locator("#down [role=status]")).to_have_text(
        f"The publication service at {unreachable} could not be reached."
    )
