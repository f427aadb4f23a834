"""ORCID iDs are checked by their check digit wherever they are set."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from api.errors import InputError
from api.identity.orcid import check_digit, normalize_orcid
from api.ingest.service import import_papers
from api.settings import Settings
from tests.support.cli_env import cli_on, run
from tests.support.factories import make_paper
from tests.support.graphql_client import GraphQL
from tests.support.snapshots import snapshot


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("0000-0002-1825-0097", "0000-0002-1825-0097"),
        (" https://orcid.org/0000-0001-5109-3700 ", "0000-0001-5109-3700"),
        ("http://www.orcid.org/0000-0002-1694-233X", "0000-0002-1694-233X"),
        ("orcid.org/0000-0002-1694-233x", "0000-0002-1694-233X"),
        ("000000021694233X", "0000-0002-1694-233X"),
    ],
)
def test_valid_ids_are_normalized(given: str, stored: str) -> None:
    assert normalize_orcid(given) == stored


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "0000-0002-1825-0098",
            "'orcid' '0000-0002-1825-0098' is not a valid ORCID iD: its check digit is 8, the "
            "first fifteen digits give 7",
        ),
        (
            "0000-0002-1825-009",
            "'orcid' '0000-0002-1825-009' is not an ORCID iD: expected 16 digits (the last may be "
            "X) as 0000-0002-1825-0097 or https://orcid.org/0000-0002-1825-0097",
        ),
        ("0000-0002-1825-00X7", "'orcid' '0000-0002-1825-00X7' is not an ORCID iD"),
        ("00-00000218250097", "'orcid' '00-00000218250097' is not an ORCID iD"),
        ("https://example.org/0000-0002-1825-0097", "'orcid' 'https://example.org/"),
        ("", "'orcid' '' is not an ORCID iD"),
    ],
)
def test_invalid_ids_are_refused_with_the_reason(given: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        normalize_orcid(given)
    assert raised.value.message.startswith(message)
    assert raised.value.field == "orcid"
    assert raised.value.extensions["value"] == given


def test_check_digit_is_iso_7064_mod_11_2() -> None:
    assert check_digit("000000021825009") == "7"
    assert check_digit("000000021694233") == "X"


def test_set_orcid_command(
    engine: Engine, database_url: str, app_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_papers(engine, [make_paper(title="A", authors="Welling, Max, Kingma, Durk")])
    with cli_on(database_url, monkeypatch):
        done = run("authors", "set-orcid", "max-welling", "https://orcid.org/0000-0002-1825-0097")
        assert done.exit_code == 0, done.output
        assert "'max-welling' has ORCID iD 0000-0002-1825-0097" in done.output
        before = snapshot(engine)
        for args, message in [
            (("max-welling", "0000-0002-1825-0098"), "its check digit is 8"),
            (("nobody", "0000-0002-1825-0097"), "no author has slug or id 'nobody'"),
            (
                ("durk-kingma", "0000-0002-1825-0097"),
                "ORCID iD 0000-0002-1825-0097 belongs to 'max-welling' already",
            ),
        ]:
            refused = run("authors", "set-orcid", *args)
            assert refused.exit_code == 1
            assert message in refused.output
            assert "nothing was changed" in refused.output
        assert snapshot(engine) == before
    with TestClient(create_app(app_settings)) as http:
        data = GraphQL(http).data('{ author(slug: "max-welling") { orcid } }')
    assert data == {"author": {"orcid": "0000-0002-1825-0097"}}
