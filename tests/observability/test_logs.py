"""Production logs are one line per event (JSON), a traceback folded into its record, so that a
log collector never splits an error into thirty unrelated lines; the development console stays
plain text. Settings are imported in a subprocess: they are read once, from the environment."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "CERTIFUP_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-key-0123456789",
    "ALLOWED_HOSTS": "inscriptions.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/certifup",
}
# Log one error with its traceback, through the settings' LOGGING, as a view would.
LOG_AN_ERROR = """
import django, logging, warnings
django.setup()
warnings.warn("un avertissement")
try:
    {}["missing-key"]
except KeyError:
    logging.getLogger("registrations.views").exception("Paiement introuvable : %s", "CU-42")
logging.getLogger("certifup").info("second événement")
"""


def run(code: str, **overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "LOG_"))}
    env.pop("DATABASE_URL", None)
    env.update(DJANGO_SETTINGS_MODULE="certifup.settings", **overrides)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_production_logs_an_exception_as_one_json_line_with_its_traceback():
    result = run(LOG_AN_ERROR, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    # Every line is a record (django-axes and pikepdf say hello at start-up too); the
    # traceback is inside its record, not on lines of its own.
    records = [json.loads(line) for line in result.stderr.splitlines()]
    error, info = (r for r in records if r["logger"] in {"registrations.views", "certifup"})
    assert error["level"] == "ERROR"
    assert error["logger"] == "registrations.views"
    assert error["message"] == "Paiement introuvable : CU-42"
    assert error["time"].endswith("Z")  # UTC, ISO 8601
    assert "Traceback (most recent call last)" in error["exception"]
    assert "KeyError: 'missing-key'" in error["exception"]
    assert info["message"] == "second événement" and "exception" not in info
    assert any("UserWarning: un avertissement" in r["message"] for r in records)


def test_development_console_stays_readable_text():
    result = run(LOG_AN_ERROR)

    assert result.returncode == 0, result.stderr
    assert "\nPaiement introuvable : CU-42\nTraceback (most recent call last):\n" in result.stderr
    assert "\nsecond événement\n" in result.stderr


def test_log_format_can_be_chosen_and_a_wrong_value_is_refused():
    as_text = run(LOG_AN_ERROR, **PRODUCTION, LOG_FORMAT="text")
    assert "\nPaiement introuvable : CU-42\nTraceback" in as_text.stderr

    as_json = run(LOG_AN_ERROR, LOG_FORMAT="json")
    assert json.loads(as_json.stderr.splitlines()[-1])["message"] == "second événement"

    wrong = run(LOG_AN_ERROR, LOG_FORMAT="xml")
    assert wrong.returncode != 0
    assert "LOG_FORMAT" in wrong.stderr


def test_a_production_celery_worker_logs_json_lines_too():
    """Celery replaces the root logger's handlers with its own text format unless told not to:
    the worker's and the beat's records must come out like the web's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "LOG_"))}
    env.update(PRODUCTION, CELERY_BROKER_URL="memory://")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "certifup", "--quiet", "worker", "--pool=solo",
         "--loglevel=INFO", "--without-mingle", "--without-gossip", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines = []
    try:
        deadline = time.monotonic() + 60
        while not any(" ready." in line for line in lines):
            assert time.monotonic() < deadline and worker.poll() is None, "".join(lines)
            lines.append(worker.stderr.readline())
    finally:
        worker.terminate()
        _, stderr = worker.communicate(timeout=30)

    records = [json.loads(line) for line in "".join(lines).splitlines() + stderr.splitlines()]
    assert any(r["logger"] == "celery.worker.consumer.connection" for r in records)
    assert any(r["message"].endswith(" ready.") for r in records)
    # stdout holds only Celery's own prints (« worker: Warm shutdown »), not log records.
