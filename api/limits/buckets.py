"""Token buckets, one per client, in this process's memory.

Each bucket holds up to a minute's allowance and refills continuously, so a client may spend
its allowance in a burst and then goes at the configured pace. With several worker processes
every process keeps its own buckets: the effective limit is per process.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

# Bounds the memory a flood of distinct clients (or made-up keys) can take. A client pushed
# out starts again with a full bucket, which is no worse than a restart.
DEFAULT_MAX_CLIENTS = 50_000


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """``per_minute`` requests per client, with bursts of up to ``per_minute``."""

    def __init__(
        self,
        *,
        per_minute: int,
        max_clients: int = DEFAULT_MAX_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_minute < 1:
            raise ValueError(f"per_minute must be at least 1, got {per_minute}")
        self.per_minute = per_minute
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.max_clients = max_clients
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def _refilled(self, client: str) -> _Bucket:
        now = self._clock()
        bucket = self._buckets.get(client)
        if bucket is None:
            bucket = self._buckets[client] = _Bucket(self.capacity, now)
            while len(self._buckets) > self.max_clients:
                self._buckets.popitem(last=False)
        else:
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(self.capacity, bucket.tokens + elapsed * self.rate)
            bucket.updated = now
            self._buckets.move_to_end(client)
        return bucket

    def wait(self, client: str) -> float:
        """Seconds until ``client`` may make a request; 0 when it may now."""
        bucket = self._refilled(client)
        return 0.0 if bucket.tokens >= 1 else (1 - bucket.tokens) / self.rate

    def take(self, client: str) -> None:
        """Spend one token of ``client``'s; call after ``wait`` said 0."""
        self._refilled(client).tokens -= 1
