"""Staff correct a candidate's identity and contact; the trail keeps old and new values."""

import datetime
import html

import pytest
from django.urls import reverse

from candidates.models import CandidateCorrection
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def _url(registration) -> str:
    return reverse("centre:correct_candidate", kwargs={"registration_id": registration.pk})


def _data(candidate, **changes) -> dict:
    data = {
        "birth_name": candidate.birth_name,
        "usage_name": candidate.usage_name,
        "first_names": candidate.first_names,
        "birth_date": candidate.birth_date.isoformat(),
        "email": candidate.email,
        "phone": candidate.phone,
        "address": candidate.address,
        "postal_code": candidate.postal_code,
        "city": candidate.city,
        "reason": "",
    }
    return {**data, **changes}


def test_correcting_the_birth_date_is_recorded_and_shown(staff_client, staff_a, request_a, now):
    candidate = request_a.candidate
    old = candidate.birth_date
    response = staff_client.post(
        _url(request_a),
        _data(candidate, birth_date="1990-05-17", reason="Erreur de saisie"),
        follow=True,
    )
    body = html.unescape(response.content.decode())
    assert "1 correction(s) enregistrée(s)." in body
    candidate.refresh_from_db()
    assert candidate.birth_date == datetime.date(1990, 5, 17)
    correction = CandidateCorrection.objects.get()
    assert (correction.field, correction.old_value, correction.new_value) == (
        "birth_date",
        old.isoformat(),
        "1990-05-17",
    )
    assert (correction.corrected_by, correction.corrected_at, correction.reason) == (
        staff_a,
        now,
        "Erreur de saisie",
    )
    assert "date de naissance" in body and old.isoformat() in body and "1990-05-17" in body


def test_nothing_changed_writes_no_trail(staff_client, request_a):
    response = staff_client.post(_url(request_a), _data(request_a.candidate), follow=True)
    assert "Aucune donnée modifiée." in html.unescape(response.content.decode())
    assert not CandidateCorrection.objects.exists()


def test_invalid_input_keeps_what_was_typed(staff_client, request_a):
    response = staff_client.post(
        _url(request_a), _data(request_a.candidate, email="pas-une-adresse", city="Papeete")
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Papeete" in body and 'class="error"' in body
    assert not CandidateCorrection.objects.exists()


def test_identity_of_another_candidate_is_refused_in_french(staff_client, request_a):
    twin = CandidateFactory()
    response = staff_client.post(
        _url(request_a),
        _data(
            request_a.candidate,
            birth_name=twin.birth_name,
            first_names=twin.first_names,
            birth_date=twin.birth_date.isoformat(),
        ),
    )
    assert response.status_code == 400
    assert "déjà ceux d'un autre candidat" in html.unescape(response.content.decode())
    assert not CandidateCorrection.objects.exists()
