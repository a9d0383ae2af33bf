"""Sentry is on only when SENTRY_DSN is set, with the Django and Celery integrations and no
personal data. The DSN points to a closed local port and nothing is captured: no event is sent
anywhere, the client is only inspected."""

import json

from tests.observability.test_logs import PRODUCTION, run

# What the process's Sentry client holds once the settings are loaded.
INSPECT = """
import django, json, sentry_sdk
django.setup()
client = sentry_sdk.get_client()
print(json.dumps({
    "active": client.is_active(),
    "dsn": client.options.get("dsn"),
    "environment": client.options.get("environment"),
    "send_default_pii": client.options.get("send_default_pii"),
    "traces_sample_rate": client.options.get("traces_sample_rate"),
    "integrations": sorted(getattr(client, "integrations", {})),
}))
"""
DUMMY_DSN = "http://public@127.0.0.1:9/1"  # port 9 (discard), nothing listens


def inspect(**environ: str) -> dict:
    result = run(INSPECT, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sentry_is_off_without_a_dsn():
    assert inspect(**PRODUCTION)["active"] is False
    assert inspect(**PRODUCTION, SENTRY_DSN="")["active"] is False


def test_a_dsn_turns_sentry_on_for_django_and_celery_without_personal_data():
    client = inspect(**PRODUCTION, SENTRY_DSN=DUMMY_DSN)

    assert client["active"] is True
    assert client["dsn"] == DUMMY_DSN
    assert {"django", "celery"} <= set(client["integrations"])
    assert client["send_default_pii"] is False
    assert client["environment"] == "production"
    assert client["traces_sample_rate"] == 0.0


def test_the_traces_sample_rate_comes_from_the_environment_and_is_checked():
    client = inspect(SENTRY_DSN=DUMMY_DSN, SENTRY_TRACES_SAMPLE_RATE="0.25")
    assert client["environment"] == "development"
    assert client["traces_sample_rate"] == 0.25

    wrong = run(INSPECT, SENTRY_DSN=DUMMY_DSN, SENTRY_TRACES_SAMPLE_RATE="25")
    assert wrong.returncode != 0
    assert "SENTRY_TRACES_SAMPLE_RATE" in wrong.stderr
