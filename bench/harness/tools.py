"""Installing what the benchmark runs, when it is missing: Python tools, PostGraphile, wrk."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess

from bench.harness.locks import bench_only
from bench.harness.paths import (
    BENCH_LOCK,
    MAIN_LOCK,
    NODE_BINARY,
    POSTGRAPHILE_CLI,
    POSTGRAPHILE_DIR,
    VENV_BIN,
)

MIN_NODE_MAJOR = 22


class ToolError(RuntimeError):
    """A tool the benchmark needs is missing and cannot be installed here."""


def ensure_tools() -> None:
    """Install whatever is missing; each step is a no-op once its tool is there."""
    ensure_python_tools()
    ensure_postgraphile()
    ensure_wrk()


def ensure_python_tools() -> None:
    """matplotlib and py-spy from ``bench/requirements.lock``, into the running environment."""
    if importlib.util.find_spec("matplotlib") and (VENV_BIN / "py-spy").exists():
        return
    wanted = bench_only(BENCH_LOCK.read_text(), MAIN_LOCK.read_text())
    print(f"installing {', '.join(wanted)}")
    _run([str(VENV_BIN / "python"), "-m", "pip", "install", "--quiet", "--no-deps", *wanted])


def ensure_postgraphile() -> None:
    """PostGraphile and a Node 22 binary from ``bench/postgraphile/package-lock.json``."""
    if not (NODE_BINARY.exists() and POSTGRAPHILE_CLI.exists()):
        npm = shutil.which("npm")
        if npm is None:
            raise ToolError("npm is needed once to install PostGraphile into bench/postgraphile/")
        print("installing PostGraphile and Node 22 into bench/postgraphile/node_modules")
        _run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=str(POSTGRAPHILE_DIR))
    version = subprocess.run(
        [str(NODE_BINARY), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    # PostGraphile 5 starts on older Node but then fails every query with "Cannot read
    # properties of undefined (reading 'items')".
    if int(version.lstrip("v").split(".")[0]) < MIN_NODE_MAJOR:
        raise ToolError(f"PostGraphile 5 needs Node {MIN_NODE_MAJOR}+, {NODE_BINARY} is {version}")


def ensure_wrk() -> None:
    """The wrk load generator, from Debian's packages when running as root."""
    if shutil.which("wrk"):
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise ToolError("wrk is missing: install it (e.g. `apt-get install wrk`) and run again")
    print("installing wrk with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # A machine that never ran `apt-get update` has no package lists to install from.
    if subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env).returncode != 0:
        _run(["apt-get", "update", "-qq"], env=env)
        _run(["apt-get", "install", "-y", "-qq", "wrk"], env=env)


def _run(command: list[str], *, cwd: str | None = None, env: dict[str, str] | None = None) -> None:
    completed = subprocess.run(command, cwd=cwd, env=env)
    if completed.returncode != 0:
        raise ToolError(f"`{' '.join(command)}` failed with exit status {completed.returncode}")
