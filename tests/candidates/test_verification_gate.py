"""A request can be submitted only from a verified address."""

import pytest
from django.urls import reverse

from registrations.models import Registration
from tests.candidates.helpers import text
from tests.factories import CandidateFactory
from tests.registrations.test_journey_views import details_data

DETAILS = reverse("registrations:details")


@pytest.fixture
def unverified(db):
    return CandidateFactory(email_verified_at=None)


def test_an_unverified_address_cannot_submit_and_is_offered_a_new_link(
    client, unverified, centre_a, exams, mailoutbox, delivered
):
    client.force_login(unverified.user)
    data = {**details_data(unverified, centre_a, exams[:1]), "soumettre": ""}

    response = client.post(DETAILS, data)

    assert response.status_code == 200
    assert "Vérifiez d'abord votre adresse e-mail" in text(response)
    assert "Renvoyer le lien de vérification" in text(response)
    assert not Registration.objects.exists()
    with delivered():
        resend = client.post(
            reverse("candidates:resend_verification"), {"next": f"{DETAILS}?centre={centre_a.pk}"}
        )
    assert resend.url == f"{DETAILS}?centre={centre_a.pk}"
    [mail] = mailoutbox
    assert mail.to == [unverified.email]
    assert "/verifier-mon-adresse/" in mail.body


def test_a_verified_candidate_submits(client, candidate, centre_a, exams):
    client.force_login(candidate.user)
    data = {**details_data(candidate, centre_a, exams[:1]), "soumettre": ""}
    assert client.post(DETAILS, data).status_code == 302
    assert Registration.objects.filter(candidate=candidate).exists()


def test_a_new_address_typed_at_submission_must_be_verified_first(
    client, candidate, centre_a, exams
):
    client.force_login(candidate.user)
    data = {
        **details_data(candidate, centre_a, exams[:1], email="nouvelle@example.org"),
        "soumettre": "",
    }
    response = client.post(DETAILS, data)
    assert "Vous avez indiqué une nouvelle adresse e-mail" in text(response)
    assert not Registration.objects.exists()


def test_resend_goes_nowhere_outside_the_site(client, unverified):
    client.force_login(unverified.user)
    response = client.post(
        reverse("candidates:resend_verification"), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("candidates:profile")
