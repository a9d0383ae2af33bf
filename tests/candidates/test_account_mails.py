"""Account mails go through the outbox: one row per mail, addressed to the candidate (so their
timeline and data list it), sent only once the request's transaction has committed."""

import datetime

import pytest
from django.urls import reverse

from candidates.accounts import candidate_sign_up, candidate_verification_resend
from candidates.models import Candidate
from candidates.services import candidate_update_details
from notifications.models import MailStatus, OutboundMail
from tests.candidates.helpers import sign_up_data
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_the_welcome_mail_is_a_row_sent_after_the_commit(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as hooks:
        client.post(reverse("candidates:sign_up"), sign_up_data())

    candidate = Candidate.objects.get()
    row = OutboundMail.objects.get()
    assert (row.template, row.recipient, row.candidate, row.user, row.status) == (
        "welcome",
        "eloise@example.org",
        candidate,
        candidate.user,
        MailStatus.PENDING,
    )
    # Written with its frozen context; the worker renders it when it sends it.
    assert row.context["candidate"]["display_nuc"] == candidate.display_nuc
    assert (row.subject, row.body_text) == ("", "")
    assert mailoutbox == []  # nothing leaves before the commit

    for hook in hooks:
        hook()
    row.refresh_from_db()
    assert row.status == MailStatus.SENT
    assert row.subject == "Certif-UP – votre NUC et la vérification de votre adresse"
    assert candidate.display_nuc in row.body_text and candidate.display_nuc in row.body_html
    [message] = mailoutbox  # what was sent is what the row keeps
    assert (message.subject, message.body) == (row.subject, row.body_text)


PAUL = {"birth_name": "Martin", "first_names": "Paul", "birth_date": datetime.date(1980, 1, 2)}
SIGN_UP_ARGUMENTS = {
    **PAUL,
    "usage_name": "",
    "email": "paul@example.org",
    "phone": "0600000000",
    "password": "Cheval-Agrafe-42",
}


@pytest.mark.parametrize(
    ("url", "data", "template", "subject"),
    [
        (
            "candidates:nuc_forgotten",
            lambda paul: {**PAUL, "birth_date": "02/01/1980", "email": paul.email},
            "nuc_reminder",
            "Certif-UP – votre NUC",
        ),
        (
            "candidates:password_reset_by_nuc",
            lambda paul: {"nuc": paul.nuc},
            "password_reset",
            "Certif-UP : choisir un nouveau mot de passe",
        ),
        (
            "candidates:sign_up",
            lambda paul: sign_up_data(**PAUL, email="other@example.org"),
            "existing_account",
            "Certif-UP – vous avez déjà un compte candidat",
        ),
    ],
    ids=["NUC reminder", "password reset by NUC", "existing account"],
)
def test_each_account_mail_is_filed_under_its_candidate(
    client, delivered, mailoutbox, url, data, template, subject
):
    paul = CandidateFactory(**PAUL)

    with delivered():
        client.post(reverse(url), data(paul))

    row = OutboundMail.objects.get()
    assert (row.template, row.recipient, row.candidate, row.user, row.subject) == (
        template,
        paul.email,
        paul,
        paul.user,
        subject,
    )
    assert paul.display_nuc in row.body_text
    assert [message.to for message in mailoutbox] == [[paul.email]]


# The services choose and queue the account mails themselves, in their own transaction: a
# caller other than the page (a command, a test, the next form) cannot forget one.


def test_the_sign_up_service_queues_the_welcome_mail(now):
    outcome = candidate_sign_up(**SIGN_UP_ARGUMENTS, now=now)

    row = OutboundMail.objects.get()
    assert (outcome.created, row.template, row.candidate) == (True, "welcome", outcome.candidate)


def test_the_sign_up_service_tells_the_holder_of_an_existing_account(now):
    paul = CandidateFactory(**PAUL)

    outcome = candidate_sign_up(**{**SIGN_UP_ARGUMENTS, **PAUL}, now=now)

    row = OutboundMail.objects.get()
    assert (outcome.created, row.template, row.candidate) == (False, "existing_account", paul)


def test_a_new_address_gets_its_verification_link_from_the_service(now):
    paul = CandidateFactory(**PAUL, email_verified_at=now)

    candidate_update_details(candidate=paul, data={"email": "paul@example.net"})

    row = OutboundMail.objects.get()
    assert (row.template, row.recipient) == ("email_verification", "paul@example.net")


def test_the_same_address_sends_nothing(now):
    paul = CandidateFactory(**PAUL, email_verified_at=now)

    candidate_update_details(candidate=paul, data={"email": paul.email})

    assert not OutboundMail.objects.exists()


def test_a_new_link_is_sent_only_to_an_unverified_address(now):
    verified = CandidateFactory(email_verified_at=now)
    unverified = CandidateFactory(email_verified_at=None)

    candidate_verification_resend(candidate=verified)
    candidate_verification_resend(candidate=unverified)

    row = OutboundMail.objects.get()
    assert (row.template, row.candidate) == ("email_verification", unverified)
