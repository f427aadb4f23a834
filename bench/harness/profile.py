"""Where a Python server spends its time under load: py-spy samples, summed per function."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness.paths import REPO_DIR, VENV_BIN

SAMPLE_RATE = 250
# Papergraph's own code: the inclusive list shows where time goes below these frames.
PROJECT_PACKAGE = "api"
# Frames in nearly every sample (the CLI that started the server) say nothing about where time
# goes, so the inclusive list leaves them out.
UBIQUITOUS_SHARE = 0.8
# py-spy's raw format names a frame "function (path/to/file.py:line)".
_FRAME = re.compile(r"^(?P<function>.*?) \((?P<file>[^()]*?\.py)(?::\d+)?\)$")


@dataclass(frozen=True, slots=True)
class ProfileLine:
    """One function's (or package's) share of the samples."""

    name: str
    self_share: float
    total_share: float


@dataclass(frozen=True, slots=True)
class ProfileSummary:
    """The top of a profile, three ways: functions by own time, Papergraph's functions by
    time including callees, and own time by package."""

    samples: int
    by_self: list[ProfileLine] = field(default_factory=list)
    by_total: list[ProfileLine] = field(default_factory=list)
    by_package: list[ProfileLine] = field(default_factory=list)


def start_recording(pid: int, seconds: float, out: Path) -> subprocess.Popen[bytes]:
    """Start py-spy sampling ``pid`` and its workers for ``seconds``; wait on the result."""
    command = [str(VENV_BIN / "py-spy"), "record", "--pid", str(pid), "--subprocesses"]
    command += ["--duration", str(max(1, round(seconds))), "--rate", str(SAMPLE_RATE)]
    command += ["--format", "raw", "--nonblocking", "--full-filenames", "--output", str(out)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def summarise(collapsed: str, *, top: int = 15) -> ProfileSummary:
    """The functions with the most samples, by own time and including callees, and packages.

    Args:
        collapsed: Stacks in collapsed form, ``frame;frame;... count`` per line, root first.
        top: How many functions each list keeps.
    """
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    samples = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [frame_name(frame) for frame in stack.split(";")]
        samples += count
        own[frames[-1]] += count
        packages[area_of(_located(frames))] += count
        for frame in set(frames):
            inclusive[frame] += count
    if not samples:
        return ProfileSummary(0)

    def lines(names: list[str]) -> list[ProfileLine]:
        return [ProfileLine(n, own[n] / samples, inclusive[n] / samples) for n in names[:top]]

    ours = [
        name
        for name, count in inclusive.most_common()
        if package_of(name) == PROJECT_PACKAGE and count / samples < UBIQUITOUS_SHARE
    ]
    return ProfileSummary(
        samples=samples,
        by_self=lines([name for name, _ in own.most_common(top)]),
        by_total=lines(ours),
        by_package=[
            ProfileLine(name, count / samples, count / samples)
            for name, count in packages.most_common(top)
        ],
    )


def _located(frames: list[str]) -> str:
    # Code generated at run time (namedtuple constructors, dataclass methods) is named
    # "<string>"; its time belongs to the package that called it.
    for frame in reversed(frames):
        if package_of(frame) != "other":
            return frame
    return frames[-1]


def frame_name(frame: str) -> str:
    """``function (package/module.py)``: the line number and the install prefix dropped."""
    match = _FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    return f"{match.group('function')} ({short_path(match.group('file'))})"


def short_path(path: str) -> str:
    """A module path from its package root: ``strawberry/dataloader.py``, ``api/db.py``."""
    for marker in ("site-packages/", "/lib/python3.11/", f"{REPO_DIR}/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def package_of(name: str) -> str:
    """The top-level package of a frame named by ``frame_name``; ``other`` for non-Python."""
    match = re.search(r"\(([^()]+\.py)\)$", name)
    if not match:
        return "other"
    return match.group(1).split("/", 1)[0].removesuffix(".py")


def area_of(name: str) -> str:
    """Where a frame's code lives: a package, or a subpackage of Papergraph's (``api/graphql``)."""
    package = package_of(name)
    if package != PROJECT_PACKAGE:
        return package
    match = re.search(r"\((api/[^/()]+)/", name)
    return match.group(1) if match else package
