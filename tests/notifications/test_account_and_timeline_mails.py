"""Account mails go through the outbox too; « Mes inscriptions » lists the mails sent."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import MailStatus, OutboundMail
from tests.factories import CandidateFactory, advance, submit

pytestmark = pytest.mark.django_db


def test_password_reset_mail_is_written_to_the_outbox_then_sent(
    client, candidate, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("candidates:password_reset"), {"email": candidate.email})

    assert response.status_code == 302
    mail = OutboundMail.objects.get(template="password_reset")
    assert (mail.recipient, mail.user, mail.status) == (
        candidate.email,
        candidate.user,
        MailStatus.SENT,
    )
    [message] = mailoutbox
    assert message.subject == "Certif-UP : choisir un nouveau mot de passe"
    assert candidate.display_nuc in message.body
    link = next(line for line in message.body.splitlines() if "/reinitialiser/" in line)
    assert link.startswith("http://127.0.0.1:8000/reinitialiser/")
    # The link works: it leads to the form to choose a new password.
    page = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    assert "Enregistrer le mot de passe" in page.content.decode()


def test_an_unknown_address_gets_no_mail_and_the_same_page(client, db, mailoutbox):
    response = client.post(reverse("candidates:password_reset"), {"email": "x@example.org"})
    assert response.status_code == 302
    assert OutboundMail.objects.count() == 0 and mailoutbox == []


def _mine(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("registrations:mine"))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_mes_inscriptions_lists_the_mails_sent_with_a_constant_number_of_queries(
    client, candidate, centre_a, centre_b, session, exams, staff_a, now,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(candidate, centre_a, session, exams[:1])
        advance(first, to="refused", actor=staff_a)
    client.force_login(candidate.user)
    _mine(client)  # the first page after signing in also renews the session (one write)
    content, few = _mine(client)
    assert "E-mails envoyés" in content
    assert f"Demande {first.reference} reçue – Juin 2026" in content
    assert f"Demande {first.reference} refusée par le centre" in content
    assert "Nouvelle demande à traiter" not in content  # the centre's mail is not theirs

    with django_capture_on_commit_callbacks(execute=True):
        for exam in exams[1:]:
            advance(submit(candidate, centre_a, session, [exam]), to="refused", actor=staff_a)
        submit(CandidateFactory(), centre_a, session, exams[:1])
    content, many = _mine(client)
    assert content.count("refusée par le centre") == 4
    assert many == few
