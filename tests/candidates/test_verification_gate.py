"""A request can be submitted only from a verified address."""

import pytest
from django.urls import reverse

from registrations.models import Registration
from tests.candidates.helpers import links_in, path_of, text, without_password
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


def test_an_imported_candidate_who_sets_a_password_by_nuc_submits(
    client, db, centre_a, exams, mailoutbox, delivered
):
    """The password link went to the account's address: opening it proves that address, so
    the request is not stopped at « Soumettre » for a verification nobody ever sent."""
    imported = CandidateFactory(nuc="A20190044", email_verified_at=None)
    without_password(imported.user)
    with delivered():
        client.post(reverse("candidates:password_reset_by_nuc"), {"nuc": "a-2019-0044"})
    [mail] = mailoutbox
    [link] = [url for url in links_in(mail) if "/reinitialiser/" in url]
    form = client.get(path_of(link), follow=True)
    new_password = {"new_password1": "Retour-Cheval-58", "new_password2": "Retour-Cheval-58"}
    assert client.post(form.redirect_chain[-1][0], new_password).status_code == 302

    login = {"username": imported.nuc, "password": "Retour-Cheval-58"}
    assert client.post(reverse("candidates:login"), login).status_code == 302
    data = {**details_data(imported, centre_a, exams[:1]), "soumettre": ""}
    response = client.post(DETAILS, data)

    assert "pas encore vérifiée" not in text(response)
    assert response.status_code == 302
    assert Registration.objects.filter(candidate=imported).exists()
