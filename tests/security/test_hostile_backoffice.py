"""Hostile input beyond the candidate pages: names and reasons typed by an attacker are shown
escaped in the back-office pages and mails, as literal text in the PDFs, and as text (never a
formula) in the exports."""

import html
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from notifications.models import OutboundMail
from registrations.pdf import registration_summary_pdf
from registrations.services import registration_refuse
from tests.factories import CandidateFactory, advance, submit
from tests.outbox import rendered

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SCRIPT = '<script>alert("x")</script>'
FORMULAS = ("=cmd|' /C calc'!A0", "+33 6 00 00 00 00", "-2+3", "@SUM(1+1)")


@pytest.fixture
def attacker(db):
    return CandidateFactory(birth_name=XSS, usage_name=XSS, first_names=XSS, city=XSS)


def _assert_escaped(body: str, where: str) -> None:
    assert "<script>alert" not in body, where
    assert "onerror=alert(1)>" not in body, where
    assert html.escape(SCRIPT, quote=True) in body or html.escape(SCRIPT, quote=False) in body, (
        where
    )


def test_backoffice_pages_escape_names_and_reasons(
    client, attacker, centre_a, session, exams, staff_a, now
):
    refused = submit(attacker, centre_a, session, exams[:1], now)
    registration_refuse(registration=refused, actor=staff_a, now=now, reason=XSS)
    pending = submit(attacker, centre_a, session, exams[1:3], now)
    client.force_login(staff_a)
    line = pending.lines.first()
    for url in (
        reverse("centre:dashboard"),
        reverse("centre:requests"),
        reverse("centre:requests") + "?statut=refused",
        reverse("centre:request", kwargs={"registration_id": refused.pk}),
        reverse("centre:request", kwargs={"registration_id": pending.pk}),
        reverse("centre:correct_candidate", kwargs={"registration_id": pending.pk}),
        reverse("centre:remove_exam", kwargs={"registration_id": pending.pk, "line_id": line.pk}),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "<script>alert" not in body, url
        assert "onerror=alert(1)>" not in body, url
    detail = client.get(reverse("centre:request", kwargs={"registration_id": refused.pk}))
    _assert_escaped(detail.content.decode(), "refused request's timeline")


def test_mails_escape_names_and_reasons(attacker, centre_a, session, exams, staff_a, now):
    registration = submit(attacker, centre_a, session, exams[:1], now)
    registration_refuse(registration=registration, actor=staff_a, now=now, reason=XSS)
    mails = [rendered(mail) for mail in OutboundMail.objects.filter(registration=registration)]
    assert len(mails) >= 2  # the acknowledgement and the refusal
    for mail in mails:
        assert mail.body_html, mail.template
        assert "<script>alert" not in mail.body_html, mail.template
        assert "onerror=alert(1)>" not in mail.body_html, mail.template
    refusal = next(mail for mail in mails if XSS in mail.body_text)
    _assert_escaped(refusal.body_html, refusal.template)


def test_the_summary_pdf_shows_the_payload_as_text(
    monkeypatch, attacker, centre_a, session, exams, staff_a, now
):
    import weasyprint

    seen = []
    real_html = weasyprint.HTML

    def spy(*, string):
        seen.append(string)
        return real_html(string=string)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    registration = advance(
        submit(attacker, centre_a, session, exams[:1], now), to="confirmed", actor=staff_a, now=now
    )
    pdf = registration_summary_pdf(registration)
    _assert_escaped(seen[0], "HTML given to WeasyPrint")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert SCRIPT in text.replace("\n", "")


def test_the_attendance_sheet_shows_the_payload_as_text(
    client, attacker, centre_a, session, exams, staff_a, now
):
    registration = advance(
        submit(attacker, centre_a, session, exams[:1], now), to="confirmed", actor=staff_a, now=now
    )
    offer_id = registration.lines.first().exam_offer_id
    client.force_login(staff_a)
    response = client.get(reverse("centre:attendance", kwargs={"offer_id": offer_id}))
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert SCRIPT.upper() in text.replace("\n", "").upper()


@pytest.fixture
def formula_candidates(centre_a, session, exams, now):
    for index, payload in enumerate(FORMULAS):
        candidate = CandidateFactory(birth_name=payload, usage_name=payload, city=payload)
        submit(candidate, centre_a, session, exams[index : index + 1], now)


def test_csv_export_neutralises_every_formula(client, staff_a, formula_candidates):
    client.force_login(staff_a)
    body = client.get(reverse("centre:export_csv")).content.decode("utf-8-sig")
    for payload in FORMULAS:
        assert f"'{payload}" in body, payload
        for line in body.splitlines():
            for cell in line.split(";"):
                assert not cell.strip('"').startswith(payload), (payload, line)


def test_xlsx_export_holds_text_not_formulas(client, staff_a, formula_candidates):
    client.force_login(staff_a)
    content = client.get(reverse("centre:export_xlsx")).content
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    assert all(cell.data_type != "f" for cell in cells)
    values = {cell.value for cell in cells}
    for payload in FORMULAS:
        assert f"'{payload}" in values, payload
    # No formula hides in the sheet's XML either.
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
