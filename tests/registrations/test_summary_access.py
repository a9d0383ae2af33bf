"""The « Récapitulatif d'inscription » PDF: its candidate, the centre holding the request and
UPPCTSC may download it; nobody else."""

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import CandidateFactory, submit


@pytest.fixture
def registration(candidate, centre_a, session, exams, now):
    return submit(candidate, centre_a, session, exams[:2])


def pdf_text(response) -> str:
    import io

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_centre_staff_download_the_summary_of_their_request(client, staff_a, registration):
    client.force_login(staff_a)
    response = client.get(reverse("centre:summary_pdf", args=[registration.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert registration.candidate.nuc[:2] in pdf_text(response)
    assert registration.reference in pdf_text(response)


def test_another_centre_gets_404(client, staff_b, registration):
    client.force_login(staff_b)
    assert client.get(reverse("centre:summary_pdf", args=[registration.pk])).status_code == 404


def test_uppctsc_downloads_it_from_the_admin(client, uppctsc, registration):
    client.force_login(uppctsc)
    change = client.get(reverse("admin:registrations_registration_change", args=[registration.pk]))
    url = reverse("admin:registrations_registration_summary_pdf", args=[registration.pk])
    assert url in change.content.decode()
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert registration.reference in pdf_text(response)


def test_candidates_and_centre_staff_cannot_use_the_admin_link(client, staff_a, registration):
    url = reverse("admin:registrations_registration_summary_pdf", args=[registration.pk])
    for user in (staff_a, CandidateFactory().user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response.url
