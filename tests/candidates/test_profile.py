"""« Ma fiche » : identity editable until the first request, contact always; « Signaler une
erreur » afterwards; the centre or UPPCTSC applies or rejects."""

import datetime
import re

import pytest
from django.urls import reverse

from candidates.corrections import (
    correction_request_apply,
    correction_request_reject,
    correction_requests_for_centre,
)
from candidates.models import CandidateCorrection, CorrectionRequest
from certifup.errors import DomainError
from registrations.forms import DetailsForm
from tests.candidates.helpers import text
from tests.factories import CandidateFactory, advance, submit

PROFILE = reverse("candidates:profile")
REPORT = reverse("candidates:report_error")


def profile_data(candidate, **overrides) -> dict:
    data = {
        "birth_name": candidate.birth_name,
        "usage_name": candidate.usage_name,
        "first_names": candidate.first_names,
        "birth_date": candidate.birth_date.isoformat(),
        "email": candidate.email,
        "phone": "0102030405",
        "address": "1 rue de la Paix",
        "postal_code": "75002",
        "city": "Paris",
    }
    return {**data, **overrides}


@pytest.fixture
def signed_in(client, candidate):
    client.force_login(candidate.user)
    return client


def test_identity_is_editable_before_the_first_request(signed_in, candidate):
    response = signed_in.post(PROFILE, profile_data(candidate, first_names="Anne-Sophie"))

    assert (response.status_code, response.url) == (302, PROFILE)
    candidate.refresh_from_db()
    assert candidate.first_names == "Anne-Sophie"
    assert "|anne sophie|" in candidate.identity_key


def _usage_name_label(html: str) -> str:
    return re.search(r'<label for="id_usage_name">(.*?)</label>', html, re.S).group(1)


def test_usage_name_is_optional_as_at_sign_up(signed_in, candidate):
    # Optional at sign-up, it was starred (required) on « Ma fiche » and the request form.
    assert 'class="required"' not in _usage_name_label(signed_in.get(PROFILE).content.decode())
    form_field = str(DetailsForm(identity_locked=False)["usage_name"].as_field_group())
    assert 'class="required"' not in _usage_name_label(form_field)

    response = signed_in.post(PROFILE, profile_data(candidate, usage_name=""))

    assert (response.status_code, response.url) == (302, PROFILE)
    candidate.refresh_from_db()
    assert candidate.usage_name == candidate.birth_name  # as the sign-up keeps it


def test_identity_is_read_only_after_the_first_request(
    signed_in, candidate, centre_a, session, exams
):
    submit(candidate, centre_a, session, exams[:1])
    old_name = candidate.first_names

    page = signed_in.get(PROFILE)
    response = signed_in.post(
        PROFILE, profile_data(candidate, first_names="Usurpé", city="Lyon", phone="0607080910")
    )

    assert 'name="first_names"' not in text(page)
    assert "Signaler une erreur" in text(page)
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.first_names, candidate.city, candidate.phone) == (
        old_name,
        "Lyon",
        "0607080910",
    )


def test_a_new_address_must_be_verified_again(signed_in, candidate, mailoutbox, delivered):
    with delivered():
        signed_in.post(PROFILE, profile_data(candidate, email="nouvelle@example.org"))

    candidate.refresh_from_db()
    assert (candidate.email, candidate.user.email) == ("nouvelle@example.org",) * 2
    assert candidate.email_verified_at is None
    [mail] = mailoutbox
    assert mail.to == ["nouvelle@example.org"]
    assert "/verifier-mon-adresse/" in mail.body


def test_a_duplicate_identity_is_refused_on_the_page(signed_in, candidate):
    other = CandidateFactory()
    data = profile_data(
        candidate,
        birth_name=other.birth_name,
        first_names=other.first_names,
        birth_date=other.birth_date.isoformat(),
    )
    response = signed_in.post(PROFILE, data)
    assert response.status_code == 200
    assert "sont ceux d'un autre compte" in text(response)


def test_report_goes_to_the_centre_of_the_active_request(
    signed_in, candidate, centre_a, session, exams, now
):
    submit(candidate, centre_a, session, exams[:1])

    response = signed_in.post(
        REPORT, {"field": "birth_date", "proposed_value": "06/05/1991", "comment": "Inversion"}
    )

    assert (response.status_code, response.url) == (302, PROFILE)
    report = CorrectionRequest.objects.get()
    assert (report.centre, report.field, report.proposed_value, report.status) == (
        centre_a,
        "birth_date",
        "1991-05-06",
        CorrectionRequest.Status.PENDING,
    )
    assert list(correction_requests_for_centre(centre=centre_a)) == [report]
    listed = text(signed_in.get(PROFILE))
    assert "Mes demandes de correction" in listed
    assert "1991-05-06" in listed


def test_without_an_active_request_the_report_goes_to_uppctsc(
    signed_in, candidate, centre_a, session, exams, staff_a
):
    registration = submit(candidate, centre_a, session, exams[:1])
    advance(registration, to="refused", actor=staff_a)

    signed_in.post(REPORT, {"field": "first_names", "proposed_value": "Zoé", "comment": ""})

    assert CorrectionRequest.objects.get().centre is None


def test_a_bad_proposed_date_is_refused_in_french(signed_in, candidate, centre_a, session, exams):
    submit(candidate, centre_a, session, exams[:1])
    response = signed_in.post(REPORT, {"field": "birth_date", "proposed_value": "hier"})
    assert response.status_code == 200
    assert "Saisissez une date valide" in text(response)
    assert not CorrectionRequest.objects.exists()


def test_before_the_first_request_there_is_nothing_to_report(signed_in, candidate):
    response = signed_in.post(REPORT, {"field": "first_names", "proposed_value": "Zoé"})
    assert (response.status_code, response.url) == (302, PROFILE)
    assert not CorrectionRequest.objects.exists()


@pytest.fixture
def pending(candidate, centre_a, session, exams, now):
    submit(candidate, centre_a, session, exams[:1])
    return CorrectionRequest.objects.create(
        candidate=candidate,
        field="birth_date",
        proposed_value="1991-05-06",
        comment="Inversion jour et mois",
        centre=centre_a,
        created_at=now,
    )


def test_applying_writes_the_trail_and_closes_the_request(pending, candidate, staff_a, now):
    correction_request_apply(correction_request=pending, actor=staff_a, now=now)

    candidate.refresh_from_db()
    pending.refresh_from_db()
    assert candidate.birth_date == datetime.date(1991, 5, 6)
    assert (pending.status, pending.decided_by, pending.decided_at) == ("applied", staff_a, now)
    trail = CandidateCorrection.objects.get()
    assert (trail.field, trail.new_value, trail.corrected_by) == (
        "birth_date",
        "1991-05-06",
        staff_a,
    )
    assert "Inversion jour et mois" in trail.reason


def test_a_decided_request_cannot_be_decided_again(pending, staff_a, now):
    correction_request_reject(correction_request=pending, actor=staff_a, now=now, note="Non")
    with pytest.raises(DomainError):
        correction_request_apply(correction_request=pending, actor=staff_a, now=now)
    assert not CandidateCorrection.objects.exists()


def test_the_admin_applies_and_rejects_through_the_services(client, pending, uppctsc, now):
    client.force_login(uppctsc)
    url = reverse("admin:candidates_correctionrequest_changelist")

    page = client.get(url)
    response = client.post(
        url, {"action": "apply_requests", "_selected_action": [pending.pk]}, follow=True
    )

    assert page.status_code == 200
    assert response.status_code == 200
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == ("applied", uppctsc)
    assert CandidateCorrection.objects.filter(candidate=pending.candidate).count() == 1
