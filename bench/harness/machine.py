"""The machine and the versions a run was taken with, for the report's header."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import psycopg

from bench.harness.paths import NODE_BINARY, NODE_MODULES, REPO_DIR

_PYTHON_PACKAGES = ("strawberry-graphql", "fastapi", "sqlalchemy", "uvicorn", "asyncpg")


def describe_machine(database_url: str) -> dict[str, str]:
    """Cores, memory, load, and the versions of everything measured."""
    info = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "cpu": _cpu_model(),
        "memory": f"{_mem_total_gb():.0f} GB",
        "load average at start": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "kernel": platform.release(),
        "Python": platform.python_version(),
        "PostgreSQL": _postgres_version(database_url),
        "Node (PostGraphile)": _output([str(NODE_BINARY), "--version"]),
        "PostGraphile": _package_version(NODE_MODULES / "postgraphile" / "package.json"),
        "wrk": _output(["wrk", "-v"]).split(" [")[0],
        "Papergraph commit": papergraph_commit(),
    }
    for package in _PYTHON_PACKAGES:
        info[package] = _python_version(package)
    return info


def papergraph_commit() -> str:
    """The checked-out commit, marked when the work tree has changes on top of it."""
    commit = _output(["git", "-C", str(REPO_DIR), "rev-parse", "--short", "HEAD"])
    changed = _output(["git", "-C", str(REPO_DIR), "status", "--porcelain", "--untracked-files=no"])
    return f"{commit} (with uncommitted changes)" if changed else commit


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _mem_total_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def _postgres_version(database_url: str) -> str:
    with psycopg.connect(database_url) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"


def _package_version(package_json: Path) -> str:
    try:
        return str(json.loads(package_json.read_text())["version"])
    except (OSError, KeyError, ValueError):
        return "not installed"


def _python_version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def _output(command: list[str]) -> str:
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except OSError:
        return "unavailable"
    lines = (completed.stdout or completed.stderr).strip().splitlines()
    return lines[0] if lines else ""
