"""Reading pip lock files: which pins the benchmark adds to the application's own."""

from __future__ import annotations

import re

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;]+)")


def pins(lock_text: str) -> dict[str, str]:
    """The ``name==version`` pins of a lock file, keyed by normalised project name.

    Args:
        lock_text: The text of a lock written by ``uv pip compile`` or ``pip-compile``.

    Returns:
        Version by name; names are lower case with runs of ``-_.`` folded to ``-``.
    """
    found: dict[str, str] = {}
    for line in lock_text.splitlines():
        match = _PIN.match(line)
        if match:
            found[normalise(match.group(1))] = match.group(2)
    return found


def normalise(name: str) -> str:
    """A project name as package indexes compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def bench_only(bench_lock: str, main_lock: str) -> list[str]:
    """The pins of the benchmark lock that the application's lock does not already hold.

    The benchmark lock is compiled against the application's lock as a constraint, so shared
    packages carry the same versions; installing only the rest, without dependencies, leaves
    the application's environment exactly as its own lock made it.

    Args:
        bench_lock: Text of ``bench/requirements.lock``.
        main_lock: Text of ``requirements.lock``.

    Returns:
        ``name==version`` requirements, sorted by name.
    """
    shared = pins(main_lock)
    return [
        f"{name}=={version}"
        for name, version in sorted(pins(bench_lock).items())
        if name not in shared
    ]
