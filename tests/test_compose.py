"""The real stack's files: `docker compose up` must give web, worker, beat, PostgreSQL, Redis
and Mailpit, each with a healthcheck, the database on a volume. Docker itself is not run here;
the file is parsed and checked."""

import json
import os
import shlex
from pathlib import Path

import pytest
import yaml

from tests import json_schema

BASE_DIR = Path(__file__).resolve().parent.parent
SERVICES = {"web", "worker", "beat", "db", "redis", "mailpit"}


def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def command(service: dict) -> str:
    value = service.get("command", "")
    return " ".join(value) if isinstance(value, list) else value


def test_compose_names_the_whole_stack_with_healthchecks():
    services = compose()["services"]
    assert set(services) == SERVICES
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"


def test_the_application_services_run_the_image_against_postgres_and_redis():
    services = compose()["services"]
    assert "gunicorn certifup.wsgi" in command(services["web"])
    assert "migrate" in command(services["web"])
    assert "8000:8000" in services["web"]["ports"]
    assert command(services["worker"]).startswith("celery -A certifup worker")
    assert "exec celery -A certifup beat" in command(services["beat"])
    for name in ("web", "worker", "beat"):
        environment = services[name]["environment"]
        assert environment["CERTIFUP_ENV"] == "production"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert "@db:5432/" in environment["DATABASE_URL"]
        assert environment["CELERY_BROKER_URL"] == "redis://redis:6379/0"
        assert environment["EMAIL_HOST"].endswith("mailpit}")  # Mailpit unless overridden
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_the_database_lives_on_a_volume_and_mailpit_shows_its_ui():
    document = compose()
    assert "pgdata:/var/lib/postgresql/data" in document["services"]["db"]["volumes"]
    assert "pgdata" in document["volumes"]
    assert "8025:8025" in document["services"]["mailpit"]["ports"]


def test_the_image_collects_static_files_and_serves_with_gunicorn():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert "uv sync --frozen --no-dev" in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile
    assert '"gunicorn", "certifup.wsgi"' in dockerfile
    assert "libpango" in dockerfile  # WeasyPrint's libraries, for the PDF summary


def test_the_beat_keeps_its_schedule_in_the_database_and_reports_late_tasks():
    beat = compose()["services"]["beat"]
    assert "--schedule" not in command(beat) and " -s " not in command(beat)  # no file
    # django-celery-beat's tables must exist: the beat waits for web's migrations itself, not
    # for web to be healthy (web's /sante/ fails while the beat is down: neither would start).
    assert "until python manage.py migrate --check" in command(beat)
    assert beat["depends_on"]["web"]["condition"] == "service_started"
    assert beat["depends_on"]["db"]["condition"] == "service_healthy"
    assert "periodic_tasks_health" in beat["healthcheck"]["test"]


# --- Private files: one volume for every process that runs the app's code ----------------------
# CI has ../shared/ beside the clone, as the work machines do.
SCHEMA = BASE_DIR.parent / "shared" / "schemas" / "compose-spec.json"


def app_services(document: dict) -> dict[str, dict]:
    """The services that run our code: built from this repository or run from its image."""
    app_image = document["x-app"]["image"]
    return {
        name: service
        for name, service in document["services"].items()
        if "build" in service or service.get("image") == app_image
    }


def mounts(service: dict) -> dict[str, str]:
    """Target → source of each volume, in the short (`source:target[:mode]`) or long syntax."""
    found = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        else:
            source, target = volume.get("source", ""), volume["target"]
        found[target] = source
    return found


def private_storage_problems(document: dict) -> list[str]:
    """Why web, worker and beat would not see the same private files; empty when they do."""
    problems, storages = [], set()
    for name, service in app_services(document).items():
        root = service.get("environment", {}).get("PRIVATE_STORAGE_ROOT")
        source = mounts(service).get(root) if root else None
        if source not in document.get("volumes", {}):
            problems.append(f"{name}: PRIVATE_STORAGE_ROOT ({root}) is not on a named volume")
        storages.add((str(root), str(source)))
    if len(storages) > 1:
        problems.append(f"not one shared storage: {sorted(storages)}")
    return problems


def test_every_app_service_mounts_the_private_storage_volume_at_its_root():
    document = compose()
    assert set(app_services(document)) == {"web", "worker", "beat"}
    assert private_storage_problems(document) == []
    assert mounts(document["services"]["web"])["/app/var/private"] == "private"


def without_worker_volume(document: dict) -> None:
    del document["services"]["worker"]["volumes"]


def beat_on_another_volume(document: dict) -> None:
    document["volumes"]["other"] = None
    document["services"]["beat"]["volumes"] = ["other:/app/var/private"]


def worker_elsewhere(document: dict) -> None:
    worker = document["services"]["worker"]
    worker["environment"] = {**worker["environment"], "PRIVATE_STORAGE_ROOT": "/tmp/private"}


def new_app_service_without_it(document: dict) -> None:
    document["services"]["flower"] = {"image": "certifup:latest", "command": "celery flower"}


@pytest.mark.parametrize(
    "breakage",
    [without_worker_volume, beat_on_another_volume, worker_elsewhere, new_app_service_without_it],
)
def test_a_service_that_would_not_see_the_private_files_is_caught(breakage):
    """The check above can fail. (The merge key shares one environment dict between services,
    hence new dicts rather than edits in place.)"""
    document = compose()
    breakage(document)
    assert private_storage_problems(document)


def test_the_image_holds_no_upload_and_puts_private_files_on_a_volume():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert 'VOLUME ["/app/var/private"]' in dockerfile
    assert "ENV PRIVATE_STORAGE_ROOT=/app/var/private" in dockerfile
    ignored = (BASE_DIR / ".dockerignore").read_text().split()
    assert "var" in ignored  # `COPY . .` never copies a local upload into the image


def compose_schema() -> dict:
    if not SCHEMA.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{SCHEMA} is missing: CI must have ../shared/ beside the clone")
        pytest.skip(f"{SCHEMA} is absent (no ../shared/ beside this clone)")
    return json.loads(SCHEMA.read_text())


def test_compose_file_follows_the_compose_specification():
    schema = compose_schema()
    assert json_schema.unknown_keywords(schema) == set()
    assert json_schema.errors(compose(), schema) == []


def test_the_schema_check_rejects_what_docker_compose_would():
    schema = compose_schema()
    document = compose()
    document["services"]["web"]["volume"] = ["private:/app/var/private"]  # a typo
    document["services"]["worker"]["restart"] = ["always"]  # a list, not a string
    assert json_schema.errors(document, schema) == [
        "$.services.web.volume: not allowed",
        "$.services.worker.restart: ['always'] is not of type string",
    ]


# --- Healthchecks: web's is /sante/ -----------------------------------------------------------
def test_the_web_healthcheck_is_the_health_endpoint_and_nothing_waits_on_it_in_a_cycle():
    services = compose()["services"]
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "bin/healthcheck-web"]
    assert "/sante/" in (BASE_DIR / "bin" / "healthcheck-web").read_text()
    waiting_for_healthy_web = [
        name
        for name, service in services.items()
        if service.get("depends_on", {}).get("web", {}).get("condition") == "service_healthy"
    ]
    assert waiting_for_healthy_web == []  # /sante/ depends on the beat and the worker


# --- One process list: the Procfile (`make stack`) and the compose app services ----------------
def procfile() -> dict[str, str]:
    """The Procfile as `make stack` reads it (bin/stack, honcho's parser)."""
    from honcho.environ import parse_procfile

    return dict(parse_procfile((BASE_DIR / "Procfile").read_text()).processes)


def script(service: dict) -> str:
    """What the service runs, spaces normalised: the script of `sh -c "…"`, or the command."""
    words = shlex.split(command(service))
    if words[:2] == ["sh", "-c"] and len(words) == 3:
        words = words[2].split()
    return " ".join(words)


def process_list_problems(document: dict, processes: dict[str, str]) -> list[str]:
    """Why the compose app services would not run the Procfile's processes; empty when they
    do. A service runs its line as is, or after a preparation: `… && exec <line>`."""
    services = app_services(document)
    problems = [f"{name}: in one list only" for name in sorted(set(services) ^ set(processes))]
    for name in sorted(set(services) & set(processes)):
        runs, line = script(services[name]), " ".join(processes[name].split())
        if runs != line and not runs.endswith(f" && exec {line}"):
            problems.append(f"{name}: compose runs {runs!r}, the Procfile {line!r}")
    return problems


def test_the_compose_app_services_run_the_procfiles_processes():
    processes = procfile()
    assert set(processes) == {"web", "worker", "beat"}
    assert processes["web"] == "gunicorn certifup.wsgi --config gunicorn.conf.py"
    assert process_list_problems(compose(), processes) == []


def worker_with_a_flag_of_its_own(document: dict) -> None:
    document["services"]["worker"]["command"] += " --concurrency=8"


def web_without_the_configuration(document: dict) -> None:
    web = document["services"]["web"]
    web["command"] = web["command"].replace(" --config gunicorn.conf.py", "")


def a_flower_service(document: dict) -> None:
    document["services"]["flower"] = {"image": "certifup:latest", "command": "celery flower"}


def beat_run_by_a_wrapper(document: dict) -> None:
    beat = document["services"]["beat"]
    beat["command"] = beat["command"].replace("exec celery", "exec nice celery")


@pytest.mark.parametrize(
    "drift",
    [worker_with_a_flag_of_its_own, web_without_the_configuration, a_flower_service,
     beat_run_by_a_wrapper],
)  # fmt: skip
def test_a_compose_command_that_drifts_from_the_procfile_is_caught(drift):
    document = compose()
    drift(document)
    assert process_list_problems(document, procfile())


def test_a_procfile_line_that_compose_does_not_run_is_caught():
    assert process_list_problems(compose(), {**procfile(), "mail": "python -m aiosmtpd"}) == [
        "mail: in one list only"
    ]
