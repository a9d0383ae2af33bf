"""Recovery demands are never lost, carried out once, and kept no longer than needed."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from candidates.models import RecoveryDemand
from candidates.recovery import recovery_demand_process, recovery_demands_sweep
from tests.factories import CandidateFactory
from tests.faults.helpers import celery_publishing_to

NUC_RESET = reverse("candidates:password_reset_by_nuc")
NOBODY_LISTENS = "redis://127.0.0.1:1/0"

Outcome = RecoveryDemand.Outcome


@pytest.fixture
def paul(db):
    return CandidateFactory(email="paul@example.org")


def test_a_demand_made_with_the_broker_down_is_carried_out_by_the_sweep(
    client, paul, mailoutbox, delivered, now
):
    with celery_publishing_to(NOBODY_LISTENS), delivered():
        response = client.post(NUC_RESET, {"nuc": paul.nuc})

    done = reverse("candidates:password_reset_done") + "?par=nuc"
    assert (response.status_code, response.url) == (302, done)
    [demand] = RecoveryDemand.objects.all()
    assert demand.outcome == Outcome.PENDING and mailoutbox == []

    with delivered():
        assert recovery_demands_sweep(now=now) == (1, 0)

    assert [m.to for m in mailoutbox] == [[paul.email]]
    demand.refresh_from_db()
    assert demand.outcome == Outcome.MAILED


def test_a_demand_is_carried_out_once(client, paul, mailoutbox, delivered, now):
    with celery_publishing_to(NOBODY_LISTENS), delivered():
        client.post(NUC_RESET, {"nuc": paul.nuc})
    demand = RecoveryDemand.objects.get()

    with delivered():
        first = recovery_demand_process(demand_id=demand.pk, now=now)
        second = recovery_demand_process(demand_id=demand.pk, now=now)
        recovery_demands_sweep(now=now)

    assert (first, second) == (Outcome.MAILED, None)
    assert len(mailoutbox) == 1


def test_what_was_typed_is_dropped_once_used_and_addresses_are_only_hashed(
    client, paul, delivered, now
):
    with delivered():
        client.post(NUC_RESET, {"nuc": paul.nuc}, REMOTE_ADDR="203.0.113.7")
        client.post(reverse("candidates:password_reset"), {"email": "nobody@example.org"})

    demands = list(RecoveryDemand.objects.order_by("pk").values())
    assert [d["outcome"] for d in demands] == [Outcome.MAILED, Outcome.NO_MATCH]
    assert all(d["typed"] == {} for d in demands)
    stored = repr(demands)
    for personal in (paul.nuc, paul.email, "203.0.113.7", "nobody@example.org"):
        assert personal not in stored


def test_the_sweep_deletes_demands_past_their_retention(client, paul, delivered, now, settings):
    settings.RECOVERY_DEMAND_RETENTION_HOURS = 24
    with delivered():
        client.post(NUC_RESET, {"nuc": paul.nuc})
    with time_machine.travel(now + datetime.timedelta(hours=23), tick=False), delivered():
        client.post(NUC_RESET, {"nuc": "A20990001"})

    assert recovery_demands_sweep(now=now + datetime.timedelta(hours=23)) == (0, 0)
    assert recovery_demands_sweep(now=now + datetime.timedelta(hours=25)) == (0, 1)
    assert RecoveryDemand.objects.count() == 1


def test_uppctsc_sees_a_flood_in_the_admin_without_what_was_typed(
    client, paul, uppctsc, delivered, settings
):
    settings.RECOVERY_MAILS_PER_TARGET = 1
    with delivered():
        for _ in range(3):
            client.post(NUC_RESET, {"nuc": paul.nuc})
    client.force_login(uppctsc)

    page = client.get(reverse("admin:candidates_recoverydemand_changelist"))

    assert page.status_code == 200
    content = page.content.decode()
    assert content.count("limite atteinte") == 1 + 2  # the filter, then two of the three rows
    assert paul.nuc not in content
