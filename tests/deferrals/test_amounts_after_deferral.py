"""Money is a fact: 100 € paid for E1 and E2 stay 100 € paid after E1 is deferred, on every
page and file that shows the amount (the request pages, the admin, the exports, the PDF)."""

import csv
import html
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from deferrals.models import Reason
from deferrals.services import deferral_accept, deferral_request
from tests.deferrals.conftest import line_of, pdf_file

pytestmark = pytest.mark.django_db

PAID = "100,00 € (50,00 € × 2 épreuves)"
JUNE = "Juin 2026"  # the session paid for; the export also lists the carried-over request


def _text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def deferred(confirmed, next_session, candidate, uppctsc, now):
    """E1 and E2 paid 100 € by cheque and confirmed; E1's deferral accepted."""
    deferral = deferral_request(
        line=line_of(confirmed, "E1"),
        reason=Reason.MEDICAL,
        file=pdf_file(),
        comment="",
        actor=candidate.user,
        now=now,
    )
    deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="Certificat vu.")
    return confirmed


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_candidate_and_the_centre_still_see_100_euros_paid(deferred, candidate, staff_a):
    for client, url in (
        (_client(candidate.user), reverse("registrations:detail", args=[deferred.pk])),
        (_client(staff_a), reverse("centre:request", args=[deferred.pk])),
    ):
        page = _text(client.get(url))
        assert f"{PAID}, réglés" in page
        assert "reportée ; sa part de 50,00 € reste comptée dans le montant" in page


def test_the_admin_still_shows_100_euros(deferred, uppctsc):
    url = reverse("admin:registrations_registration_change", args=[deferred.pk])
    assert PAID in _text(_client(uppctsc).get(url))


def test_the_exports_still_show_100_euros(deferred, staff_a):
    client = _client(staff_a)
    content = client.get(reverse("centre:export_csv")).content.decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(content), delimiter=";")
    exam, status, amount = (header.index(name) for name in ("Épreuve", "Statut", "Montant (€)"))
    rows = [row for row in rows if row[header.index("Session")] == JUNE]
    assert [(row[exam], row[status], row[amount]) for row in rows] == [
        ("E1", "reportée", "100,00"),
        ("E2", "confirmée", "100,00"),
    ]
    assert rows[0][header.index("Règlement")].startswith("100,00 € chèque")

    sheet = load_workbook(io.BytesIO(client.get(reverse("centre:export_xlsx")).content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True) if row[1] == JUNE]
    assert [(row[exam], row[status], row[amount]) for row in rows] == [
        ("E1", "reportée", 100),
        ("E2", "confirmée", 100),
    ]


def test_the_pdf_still_shows_100_euros_and_the_deferred_exam(deferred, candidate):
    response = _client(candidate.user).get(
        reverse("registrations:summary_pdf", args=[deferred.pk])
    )
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert PAID in text
    assert "E1 – Épreuve E1 (reportée, déjà réglée)" in text


def test_the_carried_over_request_costs_nothing_more(deferred, candidate):
    new = line_of(deferred, "E1").carried_over_to.get().registration
    page = _text(_client(candidate.user).get(reverse("registrations:detail", args=[new.pk])))
    assert "0,00 € (0,00 € × 1 épreuve)" in page
