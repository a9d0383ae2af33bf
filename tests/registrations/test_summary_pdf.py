"""« Récapitulatif d'inscription » : what the PDF says, read back with pypdf, and who may
download it."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from registrations.pdf import registration_summary_pdf
from tests.factories import CandidateFactory, advance, submit

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_summary_of_a_confirmed_registration(
    candidate, centre_a, session, exams, staff_a, now
):
    registration = advance(submit(candidate, centre_a, session, exams[:2]), to="confirmed",
                           actor=staff_a)  # fmt: skip
    text = " ".join(pdf_text(registration_summary_pdf(registration)).split())

    software = registration.lines.get(exam=exams[0]).exam_offer.software.get()
    for expected in (
        "Récapitulatif d'inscription",
        f"Référence : {registration.reference}",
        "Statut : confirmée",
        candidate.birth_name.upper(),
        candidate.first_names,
        candidate.display_nuc,
        "Juin 2026",
        centre_a.name,
        centre_a.address,
        "E1 – Épreuve E1",
        "E2 – Épreuve E2",
        software.name,
        "100,00 € (50,00 € × 2 épreuves)",
        "Réglé le 10 mars 2026 (chèque)",
    ):
        assert expected in text, f"{expected!r} missing from the PDF"
    assert "E3" not in text


def test_the_summary_of_a_pre_validated_request_gives_the_deadline(
    candidate, centre_a, session, exams, staff_a, now
):
    registration = advance(submit(candidate, centre_a, session, exams[:1]), to="pre_validated",
                           actor=staff_a)  # fmt: skip
    text = " ".join(pdf_text(registration_summary_pdf(registration)).split())
    assert "À régler au plus tard le vendredi 13 mars 2026 à 10 h 00" in text


def test_one_summary_after_another_keeps_each_ones_own_letters(centre_a, session, exams, now):
    # The font configuration is reused from one render to the next (registrations/pdf.py): the
    # second PDF, with letters the first never used, must still embed and map them.
    plain = CandidateFactory(birth_name="Kowalczyk", first_names="Bartholomew")
    accented = CandidateFactory(birth_name="Ñúñez-Œuvray", first_names="Zoé Ægir Ÿvette")
    first = pdf_text(registration_summary_pdf(submit(plain, centre_a, session, exams[:1])))
    second = pdf_text(registration_summary_pdf(submit(accented, centre_a, session, exams[:1])))
    assert "KOWALCZYK" in first and "Bartholomew" in first
    assert "ÑÚÑEZ-ŒUVRAY" in second and "Zoé Ægir Ÿvette" in second
    assert "Bartholomew" not in second


def test_the_candidate_downloads_it_from_the_detail_page_and_nobody_else_can(
    client, candidate, other_candidate, centre_a, session, exams, now
):
    registration = submit(candidate, centre_a, session, exams[:1])
    url = reverse("registrations:summary_pdf", args=[registration.pk])
    client.force_login(candidate.user)
    detail = client.get(reverse("registrations:detail", args=[registration.pk])).content.decode()
    assert f'href="{url}"' in detail

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"recapitulatif-{registration.reference}.pdf" in response["Content-Disposition"]
    assert registration.reference in pdf_text(response.content)

    client.force_login(other_candidate.user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to « Se connecter »
