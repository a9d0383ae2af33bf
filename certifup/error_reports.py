"""Error reports to Sentry, for an operator who should hear of a 500 or a failed task without
reading the logs. Called by the settings only when SENTRY_DSN is set."""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration


def sentry_init(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # Candidates' names, addresses and health justifications are personal data: no IP
        # address, cookie, user or request body leaves for a third party.
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
    )
