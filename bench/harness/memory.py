"""Resident memory of a server's process tree, read from /proc while it runs."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

_PROC = Path("/proc")


def status_kb(status_text: str, name: str) -> int:
    """A ``kB`` field (``VmRSS``, ``VmHWM``) of a /proc/PID/status text; 0 when absent."""
    for line in status_text.splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    return 0


def descendants(parents: Mapping[int, int], root: int) -> list[int]:
    """``root`` and every process below it, given each process's parent."""
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue.extend(children.get(pid, []))
    return sorted(found)


def process_tree(root: int) -> list[int]:
    """The live process ``root`` and its descendants."""
    return descendants(_parents(), root)


def _parents() -> dict[int, int]:
    parents = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            try:
                # The command name may hold spaces and parentheses; fields resume after ')'.
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return parents


def _read_kb(pid: int, name: str) -> int:
    try:
        return status_kb((_PROC / str(pid) / "status").read_text(), name)
    except OSError:
        return 0


@dataclass
class TreePeak:
    """The largest figures seen for one server's process tree, in kB."""

    process_kb: int = 0
    tree_kb: int = 0
    high_water_kb: int = 0

    def in_mb(self) -> dict[str, float]:
        """The peaks in MB, as the raw results keep them."""
        return {
            "process_mb": self.process_kb / 1024,
            "tree_mb": self.tree_kb / 1024,
            "high_water_mb": self.high_water_kb / 1024,
        }


@dataclass
class MemorySampler:
    """Samples the RSS of several process trees on a background thread until stopped."""

    roots: dict[str, int]
    interval: float = 0.25
    peaks: dict[str, TreePeak] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin sampling."""
        self.peaks = {name: TreePeak() for name in self.roots}
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> dict[str, TreePeak]:
        """Stop sampling; the peaks, with each tree's high-water mark read last."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        for name, root in self.roots.items():
            self.peaks[name].high_water_kb = max(
                (_read_kb(pid, "VmHWM") for pid in process_tree(root)), default=0
            )
        return self.peaks

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample(self.roots.items())

    def _sample(self, roots: Iterable[tuple[str, int]]) -> None:
        parents = _parents()
        for name, root in roots:
            sizes = [_read_kb(pid, "VmRSS") for pid in descendants(parents, root)]
            peak = self.peaks[name]
            peak.process_kb = max(peak.process_kb, max(sizes, default=0))
            peak.tree_kb = max(peak.tree_kb, sum(sizes))
