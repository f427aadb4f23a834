"""Persisted-query requests recorded from real clients (tests/support/apq/record.mjs)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from fastapi.testclient import TestClient
from httpx import Response

RECORDINGS = Path(__file__).parent / "apq" / "recordings.json"


@dataclass(frozen=True)
class RecordedRequest:
    """One HTTP request exactly as a client library sent it."""

    method: str
    target: str
    headers: dict[str, str]
    body: str | None

    def send(self, http: TestClient) -> Response:
        """Replay the request against an app: same method, path and query, headers and body."""
        return http.request(self.method, self.target, headers=self.headers, content=self.body)


@dataclass(frozen=True)
class Recording:
    """What one client sent for a query asked twice: miss, resend with text, hash alone."""

    key: str
    client: str
    version: str
    requests: tuple[RecordedRequest, ...]


def recordings() -> list[Recording]:
    """Every recording, in file order."""
    raw = json.loads(RECORDINGS.read_text(encoding="utf-8"))
    return [
        Recording(
            key=key,
            client=entry["client"],
            version=entry["version"],
            requests=tuple(RecordedRequest(**request) for request in entry["requests"]),
        )
        for key, entry in raw.items()
    ]
