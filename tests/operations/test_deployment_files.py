"""The deployment files name commands, settings and endpoints of the code: an operator's `docker compose up` or
`systemctl start` fails at once when one of them drifts. compose.yaml is checked against the Compose Specification's
schema here (Docker Compose itself checks it in `.ci/run` where it is installed); these checks run everywhere."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import jsonschema
import pytest
import yaml

from bot.cli import build_parser
from bot.serving import Server
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
BOT_SERVICES = [name for name, service in SERVICES.items() if service.get("image") == "sandboxbot:latest"]


COMPOSE_SPEC = jsonschema.Draft7Validator(
    json.loads((ROOT / "tests" / "data" / "compose-spec" / "compose-spec.json").read_text(encoding="utf-8"))
)


def test_compose_file_is_valid_under_the_compose_specification():
    errors = sorted(COMPOSE_SPEC.iter_errors(COMPOSE), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


def test_the_schema_check_catches_a_misspelt_key():
    """The check above can fail: a service option Compose does not know is refused."""
    service = dict(next(iter(SERVICES.values())), depends_onn={})
    broken = {**COMPOSE, "services": {**SERVICES, "broken": service}}
    assert any("depends_onn" in e.message for e in COMPOSE_SPEC.iter_errors(broken))


def _parses(argv: list[str]) -> None:
    try:
        build_parser().parse_args(argv)
    except SystemExit as exit:
        pytest.fail(f"`sandboxbot {' '.join(argv)}` is not a command of this version (exit {exit.code})")


@pytest.mark.parametrize("name", BOT_SERVICES)
def test_every_compose_command_is_a_sandboxbot_command(name):
    _parses(SERVICES[name]["command"])


@pytest.mark.parametrize("unit", ["sandboxbot.service", "sandboxbot-worker.service"])
def test_every_systemd_command_is_a_sandboxbot_command(unit):
    text = (ROOT / "deploy" / unit).read_text(encoding="utf-8")
    commands = re.findall(r"^Exec(?:StartPre|Start)=\S*/sandboxbot (.+)$", text, flags=re.M)
    assert commands, f"{unit} starts no sandboxbot command"
    for command in commands:
        _parses(shlex.split(command))


def test_migrations_run_once_before_the_servers_and_the_worker():
    assert set(BOT_SERVICES) == {"migrate", "bot", "worker"}
    assert SERVICES["migrate"]["command"] == ["db", "upgrade"]
    assert SERVICES["migrate"]["restart"] == "no"
    assert SERVICES["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("bot", "worker"):
        assert SERVICES[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "--no-worker" in SERVICES["bot"]["command"]  # the worker is its own service, not a replica's task


def test_two_webhook_replicas_behind_the_one_published_port():
    bot, proxy = SERVICES["bot"], SERVICES["proxy"]
    assert bot["deploy"]["replicas"] == 2
    assert "ports" not in bot  # replicas cannot share a host port: only the proxy publishes one
    [published] = proxy["ports"]
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    [upstream_port] = re.findall(r"server bot:(\d+)", conf)
    assert upstream_port in [str(p) for p in bot["expose"]]
    [listen] = re.findall(r"listen (\d+);", conf)
    assert published.endswith(f":{listen}")
    assert "proxy_next_upstream error timeout;" in conf  # a 503 is passed on to the platform, never retried


def test_the_readiness_probe_asks_an_endpoint_the_server_has():
    probe = " ".join(SERVICES["bot"]["healthcheck"]["test"])
    path = re.search(r"127\.0\.0\.1:8080(/\w+)", probe).group(1)  # type: ignore[union-attr]
    server = Server(Settings(_env_file=None))  # type: ignore[call-arg]
    routes = {r.resource.canonical for r in server.web_app().router.routes() if r.resource is not None}
    assert path == "/readyz" and path in routes


def test_every_setting_the_files_name_is_a_setting():
    fields = {f"SANDBOXBOT_{name.upper()}" for name in Settings.model_fields}
    named = set(re.findall(r"^(SANDBOXBOT_\w+)=", (ROOT / ".env.example").read_text(encoding="utf-8"), flags=re.M))
    named |= {key for service in SERVICES.values() for key in service.get("environment", {}) if "SANDBOXBOT" in key}
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    named |= set(re.findall(r"\b(SANDBOXBOT_\w+)=", dockerfile))
    assert named and named <= fields, sorted(named - fields)
