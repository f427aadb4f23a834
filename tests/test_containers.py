"""The Dockerfile and docker-compose.yml, checked as far as is possible without a Docker engine."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from api.cli import app
from api.settings import EXAMPLE_DB_PASSWORD, Settings, get_settings
from tests.conftest import ROOT

COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
BUILD_TOOLS = ("gcc", "g++", "build-essential", "make", "clang", "libpq-dev", "python3-dev")


@dataclass
class Stage:
    """One FROM ... block of a Dockerfile: its name and its instructions."""

    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [argument for word, argument in self.instructions if word == keyword]


def _stages(path: Path) -> list[Stage]:
    """The stages of a Dockerfile, with continuation lines joined and comments dropped."""
    logical: list[str] = []
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.lstrip().startswith("#") or not raw.strip():
            continue
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        logical.append(pending + raw.strip())
        pending = ""
    stages: list[Stage] = []
    for line in logical:
        keyword, _, argument = line.partition(" ")
        if keyword.upper() == "FROM":
            name = argument.split(" AS ")[-1].strip() if " AS " in argument else argument
            stages.append(Stage(name))
        else:
            stages[-1].instructions.append((keyword.upper(), argument.strip()))
    return stages


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return _stages(ROOT / "Dockerfile")


def test_the_image_is_built_in_stages_from_the_runtime_lock(stages: list[Stage]) -> None:
    assert len(stages) >= 2
    build = stages[0]
    installs = [command for command in build.all("RUN") if "pip install" in command]
    assert any("-r requirements-runtime.lock" in command for command in installs)
    assert "requirements-runtime.lock ./" in build.all("COPY")
    final = stages[-1]
    assert any(source.startswith(f"--from={build.name} /opt/venv") for source in final.all("COPY"))


def test_the_final_stage_has_no_build_tools_and_does_not_run_as_root(stages: list[Stage]) -> None:
    final = stages[-1]
    for command in final.all("RUN"):
        assert "apt-get install" not in command and "pip install" not in command
        assert not any(re.search(rf"\b{re.escape(tool)}\b", command) for tool in BUILD_TOOLS)
    users = final.all("USER")
    assert users and users[-1] not in {"root", "0", "0:0"}
    assert f"--user-group --home-dir /app --no-create-home {users[-1]}" in " ".join(
        final.all("RUN")
    )


def test_the_final_stage_serves_on_all_interfaces_with_a_healthcheck(stages: list[Stage]) -> None:
    final = stages[-1]
    assert final.all("EXPOSE") == ["8000"]
    assert json.loads(final.all("CMD")[-1]) == ["papergraph", "serve", "--host", "0.0.0.0"]
    [healthcheck] = final.all("HEALTHCHECK")
    command = json.loads(healthcheck.split(" CMD ", 1)[1])
    assert command[:2] == ["python", "-c"] and "/healthz" in command[2]


def test_everything_the_dockerfile_copies_exists_and_is_not_ignored(stages: list[Stage]) -> None:
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(("#", "!"))
    }
    for stage in stages:
        for argument in stage.all("COPY"):
            if argument.startswith("--from="):
                continue
            *sources, _destination = argument.split()
            for source in sources:
                assert (ROOT / source).exists(), source
                assert source not in ignored
    assert {".git", ".venv", "data", ".env", "tests"} <= ignored


@pytest.fixture
def healthcheck_command(stages: list[Stage]) -> list[str]:
    [healthcheck] = stages[-1].all("HEALTHCHECK")
    command: list[str] = json.loads(healthcheck.split(" CMD ", 1)[1])
    return [sys.executable, *command[1:]]


def test_the_image_command_and_healthcheck_work_together(
    stages: list[Stage], healthcheck_command: list[str], tmp_path: Path
) -> None:
    """Runs the final stage's CMD with its ENV on this machine, and probes it as Docker would."""
    from tests.test_shutdown import free_port, serve, stop

    port = free_port()
    environment = dict(
        pair.split("=", 1)
        for instruction in stages[-1].all("ENV")
        for pair in instruction.split()
        if pair.startswith("PAPERGRAPH_")
    )
    environment |= {
        "PAPERGRAPH_PORT": str(port),
        "PAPERGRAPH_DATA_DIR": str(tmp_path / "data"),
        "PAPERGRAPH_SEEDS_DIR": str(ROOT / "seeds"),
    }
    command = json.loads(stages[-1].all("CMD")[-1])
    server = serve([*command[1:], "--port", str(port)], environment, cwd=tmp_path)
    probe_environment = {**os.environ, "PAPERGRAPH_PORT": str(port)}
    try:
        healthy = subprocess.run(
            healthcheck_command, env=probe_environment, timeout=30, capture_output=True, text=True
        )
        assert healthy.returncode == 0, healthy.stderr
    finally:
        exit_code = stop(server)
    assert exit_code == 0, (tmp_path / "server.log").read_text(encoding="utf-8")
    unhealthy = subprocess.run(
        healthcheck_command, env=probe_environment, timeout=10, capture_output=True
    )
    assert unhealthy.returncode != 0


def _pins(path: Path) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)", path.read_text(encoding="utf-8"), re.M)
    return {name.lower(): version for name, version in pins}


def _names(requirements: list[str]) -> set[str]:
    return {
        re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower() for requirement in requirements
    }


def test_the_runtime_lock_is_the_development_lock_less_the_tools() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime, everything = (
        _pins(ROOT / "requirements-runtime.lock"),
        _pins(ROOT / "requirements.lock"),
    )
    stale = "run `make lock` to regenerate both locks"
    assert _names(project["dependencies"]) <= set(runtime), stale
    assert {name: everything.get(name) for name in runtime} == runtime, stale
    development_only = _names(project["optional-dependencies"]["dev"]) - _names(
        project["dependencies"]
    )
    assert not development_only & set(runtime), stale


def _compose(
    *arguments: str, env_file: Path | None = ENV_EXAMPLE
) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("docker-compose")
    if binary is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("docker-compose is missing (CI=true: `make compose-tool` installs it)")
        pytest.skip("docker-compose is missing: `make compose-tool` installs Debian's package")
    env_args = ["--env-file", str(env_file)] if env_file else []
    # Variables of the caller's shell would override .env.example; the test wants the file's.
    clean = {key: value for key, value in os.environ.items() if not key.startswith("PAPERGRAPH_")}
    return subprocess.run(
        [binary, "-f", str(COMPOSE), *env_args, *arguments],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_without_a_password_says_what_to_set(tmp_path: Path) -> None:
    empty = tmp_path / "empty.env"
    empty.write_text("", encoding="utf-8")
    result = _compose("config", "-q", env_file=empty)
    assert result.returncode != 0
    assert "set PAPERGRAPH_DB_PASSWORD in .env (see .env.example)" in result.stderr


def test_the_compose_file_validates_and_runs_migrate_then_the_api() -> None:
    result = _compose("config")  # what `docker compose config` checks, and the resolved file
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert services["db"]["image"] == "postgres:16"
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"][0]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["migrate"]["command"] == ["papergraph", "migrate", "--seed-if-empty"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    api = services["api"]
    assert api["command"][:5] == ["papergraph", "serve", "--host", "0.0.0.0", "--workers"]
    assert api["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert api["ports"][0]["target"] == 8000
    url = api["environment"]["PAPERGRAPH_DATABASE_URL"]
    assert url == f"postgresql://papergraph:{EXAMPLE_DB_PASSWORD}@db:5432/papergraph?sslmode=prefer"


def _variables_used(text: str) -> set[str]:
    return set(re.findall(r"\$\{([A-Z0-9_]+)", text))


def test_compose_is_configured_only_through_papergraph_variables() -> None:
    text = COMPOSE.read_text(encoding="utf-8")
    assert all(name.startswith("PAPERGRAPH_") for name in _variables_used(text))
    services = yaml.safe_load(text)["services"]
    for name, service in services.items():
        prefix = "POSTGRES_" if name == "db" else "PAPERGRAPH_"
        assert all(key.startswith(prefix) for key in service.get("environment", {})), name


def test_env_example_lists_every_variable_compose_reads() -> None:
    listed = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", ENV_EXAMPLE.read_text(encoding="utf-8"), re.M))
    assert _variables_used(COMPOSE.read_text(encoding="utf-8")) <= listed
    assert all(name.startswith("PAPERGRAPH_") for name in listed)


def test_the_example_password_is_refused_in_production() -> None:
    url = f"postgresql://papergraph:{EXAMPLE_DB_PASSWORD}@db:5432/papergraph"
    with pytest.raises(ValueError, match=r"has the example password from \.env\.example"):
        Settings(env="production", database_url=url)
    assert Settings(env="development", database_url=url).database_url == url


def test_the_commands_refuse_unsafe_production_settings_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PAPERGRAPH_ENV", "production")
    monkeypatch.setenv(
        "PAPERGRAPH_DATABASE_URL", f"postgresql://papergraph:{EXAMPLE_DB_PASSWORD}@db/papergraph"
    )
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["migrate", "--seed-if-empty"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    assert "error: PAPERGRAPH_DATABASE_URL has the example password from .env.example" in (
        result.output
    )
    assert "Traceback" not in result.output
