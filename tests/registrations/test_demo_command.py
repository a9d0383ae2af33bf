import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registrations.models import Status
from tests.factories import advance, submit

pytestmark = pytest.mark.django_db


def test_demo_expire_now_expires_the_request_with_its_mails(
    candidate, centre_a, session, exams, staff_a, now, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    registration = advance(submit(candidate, centre_a, session, exams[:1]), to="pre_validated",
                           actor=staff_a)  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_expire_now", registration.reference, "--sweep")
    registration.refresh_from_db()
    assert registration.status == Status.EXPIRED
    assert any("expirée" in message.subject for message in mailoutbox)


def test_demo_expire_now_refuses_a_request_that_is_not_pre_validated(
    candidate, centre_a, session, exams, now
):
    registration = submit(candidate, centre_a, session, exams[:1])
    with pytest.raises(CommandError, match="Aucune demande pré-validée"):
        call_command("demo_expire_now", registration.reference)
