"""A real Celery worker on Redis does the recovery: the page only records the demand, the
worker looks the account up and sends the mail (``TEST_CELERY_BROKER_URL``, a Redis database
of its own)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import CandidateFactory
from tests.notifications.test_real_worker import (  # noqa: F401 (real_broker is a fixture)
    real_broker,
    start_worker,
    wait_for_messages,
)

pytestmark = pytest.mark.usefixtures("real_broker")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_mails_each_recovery_to_an_existing_account(tmp_path):
    hina = CandidateFactory(
        birth_name="Ngata", first_names="Hina", birth_date=datetime.date(1991, 3, 14)
    )
    client = Client()
    worker = start_worker(tmp_path / "mail", tmp_path / "worker.log")
    try:
        client.post(reverse("candidates:password_reset"), {"email": hina.email})
        client.post(reverse("candidates:password_reset_by_nuc"), {"nuc": hina.nuc})
        identity = {"birth_name": "Ngata", "first_names": "Hina", "birth_date": "14/03/1991"}
        client.post(reverse("candidates:nuc_forgotten"), {**identity, "email": hina.email})
        messages = wait_for_messages(tmp_path / "mail", 3)
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    log = (tmp_path / "worker.log").read_text()
    assert len(messages) == 3, f"the worker sent {len(messages)} mail(s) of 3:\n{log[-3000:]}"
    assert all(f"To: {hina.email}" in message for message in messages)
    assert sum("/reinitialiser/" in message for message in messages) == 2
    assert sum(hina.display_nuc in message for message in messages) == 3
    # The look-up ran in the worker: one recovery task per demand, each followed by the send.
    assert log.count("candidates.recovery_demand_process") >= 3, log[-3000:]
