"""One log line per request, JSON in production; the request ID goes back in a header."""

from __future__ import annotations

import logging
import logging.config
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from api.observability.logs import ACCESS_LOGGER, JsonFormatter, TextFormatter, logging_config
from api.settings import Settings

AUTHOR = 'query Welling { author(slug: "max-welling") { name } }'


def _access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    return [record.fields for record in caplog.records if record.name == ACCESS_LOGGER]  # type: ignore[attr-defined]


def test_each_request_logs_one_line_with_its_id_operation_and_outcome(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=ACCESS_LOGGER):
        answer = client.post("/graphql", json={"query": AUTHOR})
        client.post(
            "/graphql", json={"query": 'query Both { author(id: "1", slug: "x") { name } }'}
        )

    first, second = _access_lines(caplog)
    assert first == {
        "request_id": answer.headers["x-request-id"],
        "method": "POST",
        "path": "/graphql",
        "status": 200,
        "duration_ms": first["duration_ms"],
        "client": "testclient",
        "operation": "Welling",
    }
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] > 0
    assert second["operation"] == "Both"
    assert second["graphql_errors"] == ["BAD_USER_INPUT"]


@pytest.fixture
def bare(tmp_path: Path) -> Iterator[TestClient]:
    """An app whose database is never opened: request IDs need none."""
    settings = Settings(env="test", database_url=f"sqlite:///{tmp_path / 'unused.sqlite'}")
    with TestClient(create_app(settings)) as http:
        yield http


def test_a_callers_request_id_is_kept_and_returned(
    bare: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=ACCESS_LOGGER):
        answer = bare.get("/healthz", headers={"X-Request-ID": "lb-7f3a:42"})
    assert answer.headers["x-request-id"] == "lb-7f3a:42"
    assert _access_lines(caplog)[0]["request_id"] == "lb-7f3a:42"


@pytest.mark.parametrize("offered", ["has spaces", "x" * 129, "line\\nbreak", "ünïcode"])
def test_an_unusable_request_id_is_replaced(bare: TestClient, offered: str) -> None:
    answer = bare.get("/healthz", headers={"X-Request-ID": offered.encode()})
    returned = answer.headers["x-request-id"]
    assert returned != offered
    assert len(returned) == 32 and returned.isalnum()


def test_requests_get_different_ids(bare: TestClient) -> None:
    ids = {bare.get("/healthz").headers["x-request-id"] for _ in range(5)}
    assert len(ids) == 5


def _record(**fields: object) -> logging.LogRecord:
    record = logging.LogRecord(
        ACCESS_LOGGER, logging.INFO, __file__, 1, "GET %s %d", ("/healthz", 200), None
    )
    record.fields = fields
    return record


def test_the_json_format_is_one_object_per_line() -> None:
    line = JsonFormatter().format(_record(request_id="abc", status=200, client="10.0.0.7"))
    assert "\n" not in line
    document = orjson.loads(line)
    assert document["level"] == "info"
    assert document["logger"] == ACCESS_LOGGER
    assert document["message"] == "GET /healthz 200"
    assert (document["request_id"], document["status"], document["client"]) == (
        "abc",
        200,
        "10.0.0.7",
    )
    assert document["time"].endswith("+00:00")


def test_the_json_format_keeps_a_traceback_on_its_line() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord(
            "papergraph", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    document = orjson.loads(JsonFormatter().format(record))
    assert "RuntimeError: boom" in document["exception"]


def test_the_text_format_reads_as_a_sentence_with_fields() -> None:
    line = TextFormatter().format(_record(request_id="abc", status=200))
    assert line.endswith("INFO    papergraph.access GET /healthz 200 request_id=abc status=200")


def test_production_logs_json_and_development_text() -> None:
    assert Settings(env="production").resolved_log_format == "json"
    assert Settings(env="development").resolved_log_format == "text"
    assert Settings(env="production", log_format="text").resolved_log_format == "text"


def test_the_logging_config_sends_papergraph_and_uvicorn_lines_through_one_format(
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = logging_config(Settings(env="production"))
    logging.config.dictConfig(config)
    try:
        logging.getLogger("uvicorn.error").info("Started server process")
        logging.getLogger(ACCESS_LOGGER).info("GET / 200", extra={"fields": {"status": 200}})
        logging.getLogger("uvicorn.access").info("a line uvicorn would add")
        lines = [orjson.loads(line) for line in capsys.readouterr().out.splitlines()]
    finally:
        logging.config.dictConfig(
            {
                "version": 1,
                "disable_existing_loggers": False,
                "root": {"handlers": [], "level": "WARNING"},
                "loggers": {
                    name: {"handlers": [], "propagate": True} for name in ("papergraph", "uvicorn")
                },
            }
        )
    assert [(line["logger"], line["message"]) for line in lines] == [
        ("uvicorn.error", "Started server process"),
        (ACCESS_LOGGER, "GET / 200"),
    ]
    assert lines[1]["status"] == 200


def test_sql_echo_is_refused_in_production() -> None:
    with pytest.raises(ValueError, match="PAPERGRAPH_SQL_ECHO must be off in production"):
        Settings(env="production", sql_echo=True)


def test_an_unhandled_failure_is_logged_with_its_id_and_answered_with_it(
    client: TestClient, seeded_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    # An outage under a plain route: the table it reads is gone.
    with seeded_engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE paper RENAME TO paper_gone"))
    with caplog.at_level(logging.INFO, logger="papergraph"):
        answer = client.get("/authors/max-welling/publications.bib")

    assert answer.status_code == 500
    assert answer.text == "Internal error."
    request_id = answer.headers["x-request-id"]
    [failure] = [record for record in caplog.records if record.name == "papergraph.errors"]
    assert failure.exc_info is not None
    assert failure.getMessage() == "unhandled error in GET /authors/max-welling/publications.bib"
    [access] = _access_lines(caplog)
    assert (access["request_id"], access["status"]) == (request_id, 500)
    assert orjson.loads(JsonFormatter().format(failure))["exception"].startswith("Traceback")
