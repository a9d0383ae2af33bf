"""The real stack's files: `docker compose up` must give web, worker, beat, PostgreSQL, Redis
and Mailpit, each with a healthcheck, the database on a volume. Docker itself is not run here;
the file is parsed and checked."""

from pathlib import Path

import yaml

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
    assert command(services["beat"]).startswith("celery -A certifup beat")
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
    # django-celery-beat's tables must exist: web migrates before it reports healthy.
    assert beat["depends_on"]["web"]["condition"] == "service_healthy"
    assert beat["depends_on"]["db"]["condition"] == "service_healthy"
    assert "periodic_tasks_health" in beat["healthcheck"]["test"]
