"""Profile pages as served HTML (no JavaScript involved), and the chart and network layouts."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from api.app import create_app
from api.db import sync_session_factory
from api.groups import service
from api.models import author_table
from api.pages.chart import UNDATED, year_chart
from api.pages.network import co_author_network, strongest_coauthors
from api.reads.profiles import ListedPaper, PersonLink
from api.reads.records import PaperRecord
from api.settings import Settings
from tests.support.amlab import DATED_LAB_PAPERS, UNDATED_LAB_PAPERS, amlab_database
from tests.support.databases import DatabaseFactory

WELLING = "/authors/max-welling"
LAB_PAGE = "/groups/amlab"
SELF = '<strong class="highlight"><a href="../authors/max-welling">Max Welling</a></strong>'


@pytest.fixture(scope="module")
def dated(databases: DatabaseFactory) -> Iterator[TestClient]:
    """The seed with years and the lab, served; these tests only read."""
    with (
        amlab_database(databases, years=True) as url,
        TestClient(create_app(Settings(env="test", database_url=url))) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def undated(databases: DatabaseFactory) -> Iterator[TestClient]:
    """The seed as it is (no years) and the lab, served."""
    with (
        amlab_database(databases, years=False) as url,
        TestClient(create_app(Settings(env="test", database_url=url))) as client,
    ):
        yield client


def _page(http: TestClient, path: str) -> str:
    answer = http.get(path)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    policy = answer.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; style-src 'sha256-")
    assert "<script" not in answer.text
    return answer.text


def _year_headings(html: str) -> list[str]:
    return re.findall(r'<h3 id="year-[^"]+">([^<]+)</h3>', html)


def _bars(html: str) -> list[tuple[str, int, float]]:
    found = re.findall(
        r'<rect class="bar[^"]*" data-label="([^"]+)" data-count="(\d+)" '
        r'x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"',
        html,
    )
    return [(label, int(count), float(height)) for label, count, height in found]


def test_an_authors_page_lists_by_year_and_draws_the_chart_and_network(dated: TestClient) -> None:
    html = _page(dated, WELLING)
    assert "<h1>Max Welling</h1>" in html
    assert "10 publications · 31 co-authors" in html
    assert _year_headings(html) == ["2020", "2019", "2014"]
    assert html.count('<li class="paper">') == 10
    assert html.count(SELF) == 10

    bars = _bars(html)
    assert [(label, count) for label, count, _ in bars] == [("2014", 1), ("2019", 7), ("2020", 2)]
    unit = bars[0][2]
    assert [height / unit for _, _, height in bars] == pytest.approx([1, 7, 2])
    assert "Publications per year. 2014: 1, 2019: 7, 2020: 2." in html

    assert html.count('<a class="node centre"') == 1
    assert html.count('<a class="node"') == 31
    assert 'aria-label="Tijmen Blankevoort, 2 shared papers"' in html
    assert html.count('<tr><th scope="row"><a href="../authors/') == 31  # the table fallback
    for extension in ("bib", "json", "ris", "atom"):
        assert f'href="max-welling/publications.{extension}"' in html
    assert 'rel="alternate" type="application/atom+xml"' in html


def test_without_years_everything_is_listed_and_charted_as_undated(undated: TestClient) -> None:
    html = _page(undated, WELLING)
    assert _year_headings(html) == [UNDATED]
    assert html.count('<li class="paper">') == 10
    assert [(label, count) for label, count, _ in _bars(html)] == [(UNDATED, 10)]
    assert "Publications per year. undated: 10." in html
    assert html.count('<a class="node"') == 31

    group = _page(undated, LAB_PAGE)
    assert [title for title in UNDATED_LAB_PAPERS if f'<span class="title">{title}' in group] == (
        UNDATED_LAB_PAPERS
    )
    assert group.count('<li class="paper">') == 4


def test_a_groups_page_shows_members_their_papers_once_and_their_network(
    dated: TestClient,
) -> None:
    html = _page(dated, LAB_PAGE)
    assert "<h1>Amsterdam Machine Learning Lab</h1>" in html
    assert "5 publications · 2 current members" in html
    titles = re.findall(r'<span class="title">([^<]+)</span>', html)
    assert titles == [title for title, _ in DATED_LAB_PAPERS]
    current, former = re.findall(r'<ul class="members">(.*?)</ul>', html, re.S)
    assert re.findall(r">([^<]+)</a>, ", current) == ["Tijmen Blankevoort", "Xiahan Shi"]
    assert re.findall(r">([^<]+)</a>, ", former) == [
        "Zeynep Akata",
        "Durk P. Kingma",
        "Jonas Köhler",
    ]
    assert "Xiahan Shi</a>, PhD student, 2019\u2013present" in current
    # Members are highlighted wherever they wrote: Shi twice, Akata twice, two others once.
    assert html.count('<strong class="highlight">') == 6
    assert [(label, count) for label, count, _ in _bars(html)] == [
        ("2014", 1),
        ("2019", 2),
        ("2020", 2),
    ]
    # The four members with papers in the middle; Köhler's are from after his years.
    assert html.count('<a class="node centre"') == 4
    assert html.count('<a class="node"') == 9
    assert 'href="amlab/publications.atom"' in html


def test_an_author_links_to_their_groups(dated: TestClient) -> None:
    html = _page(dated, "/authors/xiahan-shi")
    assert (
        'Member of\n<a href="../groups/amlab">Amsterdam Machine Learning Lab</a> '
        "(PhD student, 2019\u2013present)"
    ) in html


def test_unknown_pages_are_404_pages_that_escape_the_address(dated: TestClient) -> None:
    for path, noun in ((WELLING + "x", "author"), ("/groups/nolab", "group")):
        answer = dated.get(path)
        assert answer.status_code == 404
        assert f"<h1>Unknown {noun}</h1>" in answer.text
        assert answer.headers["cache-control"] == "no-store"
    hostile = dated.get("/authors/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    assert hostile.status_code == 404
    assert "<img" not in hostile.text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in hostile.text


def test_an_empty_group_and_a_new_author_render_without_chart_or_network(
    client: TestClient, seeded_engine: Engine
) -> None:
    with sync_session_factory(seeded_engine).begin() as session:
        service.create_group(session, slug="new-lab", name="New <Lab>", description="Just begun.")
        session.execute(
            insert(author_table).values(
                given_name="Ada",
                family_name="Lovelace",
                name="Ada Lovelace",
                slug="ada-lovelace",
                match_key="lovelace|ada",
                folded_name="ada lovelace",
                sort_name="lovelace ada",
            )
        )
    group = _page(client, "/groups/new-lab")
    assert "<h1>New &lt;Lab&gt;</h1>" in group
    assert "No members yet." in group and group.count("No publications yet.") == 2
    assert "No co-authors yet." in group and "<svg" not in group
    author = _page(client, "/authors/ada-lovelace")
    assert "0 publications · 0 co-authors" in author and "<svg" not in author


def test_pages_are_revalidated_by_etag(dated: TestClient) -> None:
    first = dated.get(WELLING)
    assert first.headers["cache-control"] == "public, max-age=60"
    again = dated.get(WELLING, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert dated.get(LAB_PAGE).headers["etag"] != first.headers["etag"]


def test_the_chart_spaces_years_evenly_and_sets_undated_apart() -> None:
    assert year_chart([]) is None
    chart = year_chart([2019, 2015, 2019, None])
    assert chart is not None
    assert [(bar.label, bar.count) for bar in chart.bars] == [
        ("2015", 1),
        ("2019", 2),
        (UNDATED, 1),
    ]
    first, second, undated = chart.bars
    slot = (second.x - first.x) / 4  # 2015 to 2019
    assert undated.x - second.x == pytest.approx(slot * 1.5)
    assert second.height == pytest.approx(2 * first.height)
    assert [tick.value for tick in chart.ticks] == [0, 1, 2]
    assert [label.text for label in chart.labels] == [
        "2015",
        "2016",
        "2017",
        "2018",
        "2019",
        UNDATED,
    ]
    assert second.y + second.height == pytest.approx(chart.baseline)

    long_career = year_chart(list(range(1970, 2026)) * 3)
    assert long_career is not None
    assert len(long_career.bars) == 56
    assert len(long_career.labels) <= 14
    assert [tick.value for tick in long_career.ticks] == [0, 1, 2, 3]


def _paper(key: int, *people: PersonLink) -> ListedPaper:
    record = PaperRecord(key, f"Paper {key}", None, 2020, None, None, None)
    return ListedPaper(record, people)


def test_the_network_keeps_the_strongest_fifty_and_lays_them_out_the_same_every_time() -> None:
    centre = PersonLink(1, "centre", "Ada Centre")
    others = [PersonLink(100 + i, f"p{i}", f"Person {i:02d}") for i in range(60)]
    # Person i shares 1 + i // 10 papers with the centre: 50..59 share six, 0..9 share one.
    papers = [
        _paper(key, centre, *(person for i, person in enumerate(others) if i // 10 >= key % 6))
        for key in range(6)
    ]
    kept, hidden = strongest_coauthors(papers, frozenset({1}))
    assert hidden == 10
    assert {c.person.id for c in kept} == {100 + i for i in range(10, 60)}
    ties = {(1, person.id): 1 + i // 10 for i, person in enumerate(others)}
    ties[(150, 151)] = 6
    network = co_author_network(papers, frozenset({1}), ties)
    assert (network.coauthors, network.hidden) == (50, 10)
    assert [node.person.name for node in network.nodes if node.centre] == ["Ada Centre"]
    assert len(network.nodes) == 51
    radii = {node.person.id: node.r for node in network.nodes}
    assert radii[159] > radii[110]
    # Fifty spokes to the middle and the one tie between two shown co-authors.
    assert sum(edge.spoke for edge in network.edges) == 50
    assert [edge.names for edge in network.edges if not edge.spoke] == [("Person 50", "Person 51")]
    assert co_author_network(papers, frozenset({1}), ties) == network
    left = [node for node in network.nodes if not node.centre and node.x < 420]
    assert left and all(node.label_anchor == "end" for node in left)
