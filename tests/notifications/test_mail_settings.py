"""Production sending is chosen by environment variables: the settings hand Anymail what it
needs, and the backend named in the README loads with them."""

import os
import subprocess
import sys
from pathlib import Path

from django.core.mail import get_connection

BASE_DIR = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps([settings.EMAIL_BACKEND, settings.ANYMAIL, settings.CELERY_BROKER_URL]))"
)


def settings_with(**variables) -> list:
    import json

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "certifup.settings", **variables}
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_scaleway_is_chosen_by_the_environment(settings):
    backend, anymail, broker = settings_with(
        EMAIL_BACKEND="anymail.backends.scaleway.EmailBackend",
        SCALEWAY_SECRET_KEY="secret",
        SCALEWAY_PROJECT_ID="project",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/4",
    )
    assert backend == "anymail.backends.scaleway.EmailBackend"
    assert anymail == {"SCALEWAY_SECRET_KEY": "secret", "SCALEWAY_PROJECT_ID": "project"}
    assert broker == "redis://127.0.0.1:6379/4"
    settings.ANYMAIL = anymail
    connection = get_connection(backend)
    assert connection.api_url.startswith(
        "https://api.scaleway.com/transactional-email/v1alpha1/regions/fr-par/"
    )


def test_brevo_is_chosen_by_the_environment(settings):
    backend, anymail, _ = settings_with(
        EMAIL_BACKEND="anymail.backends.brevo.EmailBackend", BREVO_API_KEY="xkeysib-test"
    )
    assert anymail == {"BREVO_API_KEY": "xkeysib-test"}
    settings.ANYMAIL = anymail
    assert get_connection(backend).api_key == "xkeysib-test"
