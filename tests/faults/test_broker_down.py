"""Redis (the broker) down while candidates submit and centres pre-validate: every request
commits at once, the mails wait as pending rows; Redis back, a real worker's pick-up sends each
once. A private redis-server on a free port plays the broker, so the shared one is never
stopped."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import MailStatus, OutboundMail
from registrations.models import Registration, Status
from tests.factories import CandidateFactory
from tests.faults.helpers import (
    ClosingBroker,
    PrivateRedis,
    celery_publishing_to,
    pick_up,
    start_worker,
    stop_worker,
    wait_until,
)
from tests.registrations.test_journey_views import details_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CANDIDATES = 4


@pytest.fixture
def broker_down():
    """Celery publishes to a private Redis's port, where nothing listens yet."""
    redis = PrivateRedis()
    try:
        with celery_publishing_to(redis.url):
            yield redis
    finally:
        redis.stop()


@pytest.fixture
def closing_broker():
    broker = ClosingBroker()
    try:
        with celery_publishing_to(broker.url):
            yield broker
    finally:
        broker.stop()


def _submit(candidate, centre, exams) -> int:
    client = Client()
    client.force_login(candidate.user)
    data = details_data(candidate, centre, exams, soumettre="1")
    return client.post(reverse("registrations:details"), data).status_code


def test_a_submit_with_the_broker_down_tries_it_once_and_commits(
    closing_broker, centre_a, session, exams, candidate
):
    started = time.monotonic()
    assert _submit(candidate, centre_a, exams[:1]) == 302
    elapsed = time.monotonic() - started

    registration = Registration.objects.get(candidate=candidate)
    assert registration.status == Status.SUBMITTED
    assert OutboundMail.objects.filter(candidate=candidate).count() == 1  # the acknowledgement
    assert OutboundMail.objects.count() == 2  # and the centre's « nouvelle demande »
    assert set(OutboundMail.objects.values_list("status", flat=True)) == {MailStatus.PENDING}
    # One task for the change's two mails, tried once: kombu's default policy would connect
    # four times.
    assert closing_broker.connections == 1
    print(f"\nsubmit with the broker down: {elapsed:.2f} s, {closing_broker.connections} tries")


@pytest.mark.slow
def test_requests_commit_while_the_broker_is_down_and_mails_go_once_it_is_back(
    broker_down, centre_a, session, exams, staff_a, tmp_path
):
    candidates = CandidateFactory.create_batch(CANDIDATES)
    started = time.monotonic()
    statuses = [_submit(candidate, centre_a, exams[:1]) for candidate in candidates]
    staff = Client()
    staff.force_login(staff_a)
    for registration in Registration.objects.all():
        url = reverse("centre:pre_validate", kwargs={"registration_id": registration.pk})
        statuses.append(staff.post(url).status_code)
    elapsed = time.monotonic() - started

    assert set(statuses) == {302}, statuses
    assert Registration.objects.filter(status=Status.PRE_VALIDATED).count() == CANDIDATES
    mails = OutboundMail.objects.all()
    total = mails.count()
    assert total >= 2 * CANDIDATES  # acknowledgement + pre-validation, at least
    assert mails.filter(status=MailStatus.PENDING).count() == total
    print(f"\n{len(statuses)} requests with the broker down in {elapsed:.1f} s; {total} pending")

    broker_down.start()
    worker = start_worker(mail_dir=tmp_path, broker_url=broker_down.url)
    try:
        # The beat's pick-up, run by the real worker through the broker now back.
        pick_up()
        wait_until(
            lambda: mails.filter(status=MailStatus.SENT).count() == total,
            what="every mail sent",
        )
        # A second pick-up finds nothing left: no mail goes twice.
        pick_up()
        time.sleep(2)
    finally:
        stop_worker(worker)

    assert mails.filter(status=MailStatus.SENT, attempts=1).count() == total
    written = sum(path.read_text().count("\nSubject: ") for path in tmp_path.glob("*.log"))
    assert written == total
