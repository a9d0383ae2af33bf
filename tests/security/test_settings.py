"""Production settings: secure by default, refuse to start misconfigured, no debug pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "CERTIFUP_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-key-0123456789",
    "ALLOWED_HOSTS": "inscriptions.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/certifup",
}


def manage(*args: str, **overrides: str) -> subprocess.CompletedProcess:
    # Only what a production host would have: the test process's own switches stay out
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses).
    ignored = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(PRODUCTION)
    env.update(overrides)
    env = {k: v for k, v in env.items() if v is not None and v != "<unset>"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SECRET_KEY", "<unset>"),
        ("ALLOWED_HOSTS", "<unset>"),
        ("DATABASE_URL", "<unset>"),
        ("DATABASE_URL", "sqlite:////tmp/prod.sqlite3"),
        ("DEBUG", "true"),
    ],
)
def test_production_refuses_to_start_misconfigured(variable, value):
    result = manage("check", **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_pages_carry_the_security_headers(client, db):
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
