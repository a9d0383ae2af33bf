"""« Alerter l'UPPCTSC » (no centre found): UPPCTSC is mailed at once with who the candidate is,
how to reach them and what they want, the candidate is told the alert was received, and the
admin alert shows how to reach the candidate. Nobody waits for a screen to be checked."""

import html

import pytest
from django.conf import settings
from django.urls import reverse

from registrations.models import NoCentreAlert
from tests.factories import CandidateFactory
from tests.notifications.conftest import html_of

pytestmark = pytest.mark.django_db

NO_CENTRE = reverse("registrations:no_centre")


@pytest.fixture
def ajaccio(db):
    return CandidateFactory(
        birth_name="Santoni",
        first_names="Paul-Marie",
        email="paul.santoni@example.org",
        phone="04 95 12 34 56",
    )


def alert(client, candidate, django_capture_on_commit_callbacks):
    client.force_login(candidate.user)
    with django_capture_on_commit_callbacks(execute=True):
        data = {"examens": ["E1", "E3"], "departement": "2A", "message": "Je vis à Ajaccio."}
        response = client.post(NO_CENTRE, data)
    assert response.status_code == 302
    return NoCentreAlert.objects.get()


def test_uppctsc_is_mailed_with_identity_contact_exams_and_department(
    client, ajaccio, session, exams, mailoutbox, django_capture_on_commit_callbacks
):
    alert(client, ajaccio, django_capture_on_commit_callbacks)

    [to_uppctsc] = [mail for mail in mailoutbox if mail.to == [settings.UPPCTSC_EMAIL]]
    assert "Aucun centre" in to_uppctsc.subject
    for body in (to_uppctsc.body, html.unescape(html_of(to_uppctsc))):
        assert "SANTONI Paul-Marie" in body
        assert ajaccio.display_nuc in body
        assert "paul.santoni@example.org" in body
        assert "04 95 12 34 56" in body
        assert "E1 – Épreuve E1" in body and "E3 – Épreuve E3" in body
        assert "E2" not in body
        assert "2A – Corse-du-Sud" in body
        assert "Je vis à Ajaccio." in body
        assert session.name in body


def test_the_candidate_is_told_the_alert_was_received(
    client, ajaccio, session, exams, mailoutbox, django_capture_on_commit_callbacks
):
    alert(client, ajaccio, django_capture_on_commit_callbacks)

    [to_candidate] = [mail for mail in mailoutbox if mail.to == [ajaccio.email]]
    assert "reçue" in to_candidate.subject
    assert "E1 – Épreuve E1" in to_candidate.body and "E3 – Épreuve E3" in to_candidate.body
    assert "2A – Corse-du-Sud" in to_candidate.body
    assert len(mailoutbox) == 2


def test_the_admin_alert_shows_the_candidates_email_and_phone(
    client, ajaccio, session, exams, uppctsc, django_capture_on_commit_callbacks
):
    record = alert(client, ajaccio, django_capture_on_commit_callbacks)
    client.force_login(uppctsc)

    listing = html.unescape(
        client.get(reverse("admin:registrations_nocentrealert_changelist")).content.decode()
    )
    detail = html.unescape(
        client.get(
            reverse("admin:registrations_nocentrealert_change", args=[record.pk])
        ).content.decode()
    )

    for page in (listing, detail):
        assert "paul.santoni@example.org" in page
        assert "04 95 12 34 56" in page
