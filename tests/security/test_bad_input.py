"""Hostile input: escaped wherever it is shown; a forged or tampered request changes nothing."""

import html
import uuid

from django.test import Client
from django.urls import reverse

from candidates.nuc import make_nuc
from registrations.models import Registration
from tests.factories import CandidateFactory, submit

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_names_are_escaped_on_every_candidate_page(client, session, centre_a, exams, now):
    candidate = CandidateFactory(birth_name=XSS, first_names=XSS, city=XSS)
    registration = submit(candidate, centre_a, session, exams[:1])
    client.force_login(candidate.user)
    for url in (
        reverse("candidates:profile"),
        reverse("registrations:mine"),
        reverse("registrations:detail", kwargs={"pk": registration.pk}),
        reverse("registrations:details") + f"?centre={centre_a.pk}&examens=E2",
    ):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "onerror=alert(1)>" not in body, url


def test_a_refusal_reason_is_escaped_for_the_candidate(
    client, candidate, centre_a, session, exams, staff_a, now
):
    from registrations.services import registration_refuse

    registration = submit(candidate, centre_a, session, exams[:1])
    registration_refuse(registration=registration, actor=staff_a, now=now, reason=XSS)
    client.force_login(candidate.user)
    body = client.get(reverse("registrations:mine")).content.decode()
    assert "<script>alert" not in body
    assert html.escape('<script>alert("x")</script>', quote=True) in body


def test_a_post_without_csrf_token_is_refused_and_changes_nothing(candidate, centre_a, now):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(candidate.user)
    response = browser.post(
        reverse("registrations:details"),
        {
            "centre": centre_a.pk,
            "examens": "E1",
            "submission_key": str(uuid.uuid4()),
            "soumettre": "",
        },
    )
    assert response.status_code == 403
    assert "Ce formulaire a expiré" in response.content.decode()
    assert not Registration.objects.exists()


def test_malformed_nucs_get_french_messages(client, db):
    valid = make_nuc(year=26, sequence=123)
    wrong_check_digit = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    response = client.post(
        reverse("candidates:login"), {"username": wrong_check_digit, "password": "x"}
    )
    assert "Ce NUC n&#x27;est pas valide : vérifiez-le." in response.content.decode()
    response = client.post(
        reverse("candidates:login"), {"username": "' OR 1=1 --", "password": "x"}
    )
    assert response.status_code == 200
    assert "NUC ou mot de passe incorrect" in response.content.decode()


def test_a_tampered_submission_key_of_another_candidate_is_refused(
    client, candidate, other_candidate, centre_a, session, exams, now
):
    theirs = submit(other_candidate, centre_a, session, exams[:1])
    client.force_login(candidate.user)
    data = {
        "centre": centre_a.pk,
        "examens": "E2",
        "submission_key": str(theirs.submission_key),
        "birth_name": candidate.birth_name,
        "usage_name": candidate.usage_name,
        "first_names": candidate.first_names,
        "birth_date": candidate.birth_date.isoformat(),
        "email": candidate.email,
        "phone": "0102030405",
        "address": "1 rue A",
        "postal_code": "75001",
        "city": "Paris",
        "soumettre": "",
    }
    response = client.post(reverse("registrations:details"), data)
    assert response.status_code == 200
    assert "Cette demande ne vous appartient pas." in html.unescape(response.content.decode())
    assert Registration.objects.count() == 1
    assert not candidate.registrations.exists()
