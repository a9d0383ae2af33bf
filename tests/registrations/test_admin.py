"""UPPCTSC refuses requests from /admin/: an intermediate page asks for the reason, then the
service refuses each request (timeline event, mail to the candidate) or says why not."""

import html

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from notifications.models import OutboundMail
from registrations.models import Status
from tests.factories import CandidateFactory, advance, submit
from tests.outbox import rendered

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registrations_registration_changelist")


@pytest.fixture
def admin_client(client, uppctsc):
    client.force_login(uppctsc)
    return client


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def refuse(client, registrations, **data):
    payload = {
        "action": "refuse",
        helpers.ACTION_CHECKBOX_NAME: [registration.pk for registration in registrations],
        **data,
    }
    return client.post(CHANGELIST, payload, follow=True)


def test_refuse_asks_for_the_reason_first_and_changes_nothing(
    admin_client, candidate, centre_a, session, exams
):
    registration = submit(candidate, centre_a, session, exams[:1])

    page = refuse(admin_client, [registration])

    assert "Refuser des demandes" in text(page)
    assert registration.reference in text(page)
    assert 'name="reason"' in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_an_empty_reason_is_refused_in_french(admin_client, candidate, centre_a, session, exams):
    registration = submit(candidate, centre_a, session, exams[:1])

    page = refuse(admin_client, [registration], apply="1", reason="  ")

    assert "Indiquez le motif du refus : il est communiqué au candidat." in text(page)
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_refuse_goes_through_the_service_and_reports_the_requests_it_cannot_refuse(
    admin_client, uppctsc, staff_a, candidate, centre_a, session, exams
):
    submitted = submit(candidate, centre_a, session, exams[:1])
    pre_validated = advance(
        submit(CandidateFactory(), centre_a, session, exams[:1]),
        to=Status.PRE_VALIDATED,
        actor=staff_a,
    )

    page = refuse(admin_client, [submitted, pre_validated], apply="1", reason="Dossier incomplet")

    body = text(page)
    assert page.redirect_chain[-1][0].startswith(CHANGELIST)
    assert "1 demande(s) refusée(s)." in body
    assert f"{pre_validated.reference} – " in body  # and why it was not refused, in French
    assert "Impossible de refuser une demande au statut « pré-validée »" in body
    submitted.refresh_from_db()
    pre_validated.refresh_from_db()
    assert (submitted.status, submitted.refusal_reason) == (Status.REFUSED, "Dossier incomplet")
    assert pre_validated.status == Status.PRE_VALIDATED
    event = submitted.events.get(to_status=Status.REFUSED)
    assert (event.actor, event.note) == (uppctsc, "Dossier incomplet")
    mail = rendered(OutboundMail.objects.get(registration=submitted, template="refused"))
    assert "Dossier incomplet" in mail.body_text


def confirm(client, registrations, **data):
    payload = {
        "action": "confirm",
        helpers.ACTION_CHECKBOX_NAME: [registration.pk for registration in registrations],
        **data,
    }
    return client.post(CHANGELIST, payload, follow=True)


def test_confirm_says_it_is_definitive_first_and_changes_nothing(
    admin_client, candidate, centre_a, session, exams, staff_a
):
    registration = advance(
        submit(candidate, centre_a, session, exams[:1]), to=Status.PAID, actor=staff_a
    )

    page = confirm(admin_client, [registration])

    assert "elle ne pourra plus être annulée ni remboursée" in text(page)
    assert "Cette action est définitive." in text(page)
    assert registration.reference in text(page)
    assert 'name="apply" value="1"' in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.PAID


def test_confirm_applies_through_the_service_once_confirmed(
    admin_client, candidate, centre_a, session, exams, staff_a
):
    registration = advance(
        submit(candidate, centre_a, session, exams[:1]), to=Status.PAID, actor=staff_a
    )

    page = confirm(admin_client, [registration], apply="1")

    assert "1 demande(s) confirmée(s)." in text(page)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
