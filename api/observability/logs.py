"""Log formats: one JSON object per line in production, readable text in development."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import orjson

from api.observability.context import current_request
from api.settings import Settings

ACCESS_LOGGER = "papergraph.access"
# The attribute log calls put their structured fields under: logger.info(msg, extra={FIELDS: {}}).
FIELDS = "fields"


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    fields: dict[str, Any] = dict(getattr(record, FIELDS, None) or {})
    request = current_request.get()
    if request is not None:
        # Lines logged while a request runs (errors, warnings) carry its ID too.
        fields.setdefault("request_id", request.request_id)
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        """The record as a single line of JSON."""
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            # Tells the workers of one server apart.
            "pid": record.process,
            "message": record.getMessage(),
            **_fields(record),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


class TextFormatter(logging.Formatter):
    """``time LEVEL logger message key=value ...`` for people reading a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """The record as text, its fields appended as ``key=value``."""
        text = super().format(record)
        extras = " ".join(f"{key}={value}" for key, value in _fields(record).items())
        if not extras:
            return text
        head, newline, tail = text.partition("\n")
        return f"{head} {extras}{newline}{tail}"


def skip_unused_record_details() -> None:
    """Stop every log record from gathering what neither format shows.

    The logging HOWTO's own optimisations: the caller's file and line (a walk up the stack),
    the thread, and the multiprocessing process name. One access line a request made the
    access log the costliest part of a cheap request; the process ID stays (``pid``).
    """
    logging._srcfile = None
    logging.logThreads = False
    logging.logMultiprocessing = False


def logging_config(settings: Settings) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for uvicorn and Papergraph; each worker applies it."""
    formatter = JsonFormatter if settings.resolved_log_format == "json" else TextFormatter
    level = settings.log_level.upper()
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "default",
        "stream": "ext://sys.stdout",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}},
        "handlers": {"default": handler},
        # The root logger catches everything else (Strawberry's error log, warnings).
        "root": {"handlers": ["default"], "level": level},
        "loggers": {
            "papergraph": {"handlers": ["default"], "level": level, "propagate": False},
            "uvicorn": {"handlers": ["default"], "level": level, "propagate": False},
            # Papergraph writes its own access line, with the request ID and operation.
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
