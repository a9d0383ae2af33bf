"""The centre's exports: CSV and XLSX of its registrations, the attendance sheet as a PDF."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import formats
from openpyxl import load_workbook
from pypdf import PdfReader

from backoffice.exports import neutralise
from registrations.models import Status
from registrations.services import registration_remove_exam
from tests.factories import (
    CandidateFactory,
    CentreFactory,
    StaffFactory,
    advance,
    offers_for,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(staff_a, request_a):
    return advance(request_a, to=Status.CONFIRMED, actor=staff_a)


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_has_one_row_per_exam_of_the_centres_requests(staff_client, confirmed, request_b):
    response = staff_client.get(reverse("centre:export_csv"))
    assert response["Content-Disposition"].startswith('attachment; filename="inscriptions-')
    header, *rows = _csv_rows(response)
    assert header[:4] == ["Référence", "Session", "Épreuve", "NUC"]
    candidate = confirmed.candidate
    assert [row[2] for row in rows] == ["E1", "E2"]
    first = rows[0]
    assert first[:2] == [confirmed.reference, "Juin 2026"]
    assert first[3:8] == [
        candidate.nuc,
        candidate.birth_name,
        candidate.usage_name,
        candidate.first_names,
        candidate.birth_date.strftime("%d/%m/%Y"),
    ]
    assert first[8:10] == ["confirmée", "100,00"]
    assert first[10].startswith("100,00 € chèque reçu le 10/03/2026")
    assert request_b.candidate.nuc not in response.content.decode("utf-8-sig")


def test_formulas_are_neutralised(staff_client, centre_a, session, exams):
    attacker = CandidateFactory(birth_name='=HYPERLINK("http://x")', first_names="+1")
    submit(attacker, centre_a, session, [exams[0]])
    row = _csv_rows(staff_client.get(reverse("centre:export_csv")))[1]
    assert row[4] == '\'=HYPERLINK("http://x")'
    assert row[6] == "'+1"
    assert [neutralise(v) for v in ("-2", "@a", "\tx", "ok", None)] == [
        "'-2",
        "'@a",
        "'\tx",
        "ok",
        "",
    ]


def test_xlsx_reads_back(staff_client, confirmed):
    response = staff_client.get(reverse("centre:export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:2] == ["Référence", "Session"]
    assert [row[2] for row in rows[1:]] == ["E1", "E2"]
    assert rows[1][3] == confirmed.candidate.nuc
    assert rows[1][8] == "confirmée"
    assert sheet.title == "Inscriptions"


def test_control_characters_in_a_name_do_not_break_the_exports(
    staff_client, centre_a, session, exams
):
    # Spreadsheets refuse control characters: « Dupont\x01 » made openpyxl raise (a 500).
    candidate = CandidateFactory(birth_name="Dupont\x01\x1f", first_names="Zoé\x0b")
    submit(candidate, centre_a, session, [exams[0]])
    response = staff_client.get(reverse("centre:export_xlsx"))
    assert response.status_code == 200
    row = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[1]
    assert (row[4], row[6]) == ("Dupont", "Zoé")
    assert _csv_rows(staff_client.get(reverse("centre:export_csv")))[1][4] == "Dupont"


def test_attendance_sheet_lists_confirmed_candidates_by_birth_name(
    staff_client, staff_a, centre_a, session, exams
):
    names = ["Zébulon", "Abadie", "Martin"]
    people = [CandidateFactory(birth_name=name) for name in names]
    for person in people[:2]:
        advance(submit(person, centre_a, session, [exams[0]]), to=Status.CONFIRMED, actor=staff_a)
    advance(submit(people[2], centre_a, session, [exams[0]]), to=Status.PAID, actor=staff_a)
    offer = centre_a.offers.get(exam=exams[0])
    response = staff_client.get(reverse("centre:attendance", kwargs={"offer_id": offer.pk}))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Liste d'émargement" in text or "Liste d’émargement" in text
    assert text.index("ABADIE") < text.index("ZÉBULON")
    assert "MARTIN" not in text  # paid, not yet confirmed
    assert people[0].nuc in "".join(text.split())  # the NUC is printed with thin spaces
    assert people[0].birth_date.strftime("%d/%m/%Y") in text
    assert "Signature" in text
    assert centre_a.name in text and session.name in text


def test_attendance_sheet_repeats_centre_and_session_on_every_page(
    staff_client, staff_a, centre_a, session, exams
):
    offer = centre_a.offers.get(exam=exams[0])
    offer.capacity = 40
    offer.save(update_fields=["capacity"])
    for _ in range(30):
        registration = submit(CandidateFactory(), centre_a, session, [exams[0]])
        advance(registration, to=Status.CONFIRMED, actor=staff_a)
    response = staff_client.get(reverse("centre:attendance", kwargs={"offer_id": offer.pk}))
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) >= 2
    for page in pages:
        text = page.extract_text()
        assert centre_a.name in text and f"session {session.name}" in text


def test_the_export_gives_an_unpaid_requests_deadline_as_the_pages_do(client, session, exams, now):
    papeete = CentreFactory(name="TAHITIPLUS", department_code="987")
    offers_for(centre=papeete, session=session, exams=exams)
    staff = StaffFactory(centre=papeete)
    advance(submit(CandidateFactory(), papeete, session, exams[:1]), to=Status.PRE_VALIDATED,
            actor=staff)  # fmt: skip
    client.force_login(staff)

    header, row = _csv_rows(client.get(reverse("centre:export_csv")))
    deadline = row[header.index("Règlement attendu")]
    # 09:00 UTC is 23:00 on Monday 9 March in Papeete; + 72 working hours.
    assert deadline == "au plus tard le jeudi 12 mars 2026 à 23 h 00 (heure de Tahiti)"


def _xlsx(client) -> tuple[list[str], list[tuple]]:
    sheet = load_workbook(io.BytesIO(client.get(reverse("centre:export_xlsx")).content)).active
    header, *rows = sheet.iter_rows()
    return [cell.value for cell in header], rows


def test_xlsx_amounts_and_dates_are_typed_cells(client, session, exams):
    # They were text: a spreadsheet could neither add the amounts nor sort by date.
    papeete = CentreFactory(name="TAHITIPLUS", department_code="987")
    offers_for(centre=papeete, session=session, exams=exams)
    staff = StaffFactory(centre=papeete)
    registration = submit(CandidateFactory(), papeete, session, exams[:1])
    client.force_login(staff)

    header, [row] = _xlsx(client)

    amount = row[header.index("Montant (€)")]
    assert (amount.data_type, amount.value) == ("n", 50)
    assert "€" in amount.number_format
    born = row[header.index("Date de naissance")]
    assert born.is_date and born.value.date() == registration.candidate.birth_date
    assert born.number_format == "DD/MM/YYYY"
    submitted = row[header.index("Soumise le (heure du centre)")]
    # 09:00 UTC is 23:00 the day before in Papeete: the centre's clock, as its pages say.
    assert submitted.is_date and submitted.value == datetime.datetime(2026, 3, 9, 23, 0)
    assert submitted.number_format == "DD/MM/YYYY HH:MM"


def test_csv_names_each_lines_request_and_a_removed_exams_own_status(
    staff_client, staff_a, request_a, exams, now
):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a, now=now)
    line = request_a.lines.get(exam=exams[0])
    registration_remove_exam(line=line, actor=staff_a, now=now, reason="Erreur")
    advance(request_a, to=Status.CONFIRMED, actor=staff_a, now=now)

    header, *rows = _csv_rows(staff_client.get(reverse("centre:export_csv")))

    columns = [header.index(name) for name in ("Référence", "Épreuve", "Statut")]
    assert [[row[index] for index in columns] for row in rows] == [
        [request_a.reference, "E1", "retirée par le centre"],
        [request_a.reference, "E2", "confirmée"],
    ]
    assert rows[0][header.index("Soumise le (heure du centre)")] == "10/03/2026 10:00"


def test_attendance_sheet_gives_the_exam_dates_and_one_line_per_candidate(
    staff_client, staff_a, centre_a, session, exams
):
    people = [CandidateFactory(birth_name=name) for name in ("Abadie", "Zébulon")]
    for person in people:
        advance(submit(person, centre_a, session, [exams[0]]), to=Status.CONFIRMED, actor=staff_a)
    offer = centre_a.offers.get(exam=exams[0])

    response = staff_client.get(reverse("centre:attendance", kwargs={"offer_id": offer.pk}))

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    start, end = session.exams_start_on, session.exams_end_on
    assert f"du {formats.date_format(start, 'l j F Y')} au" in " ".join(text.split())
    assert formats.date_format(end, "l j F Y") in " ".join(text.split())
    for person in people:
        # The NUC was cut over three lines; each candidate's row is one line of text.
        [row] = [line for line in text.splitlines() if person.birth_name.upper() in line]
        assert person.nuc in "".join(row.split())
        assert person.birth_date.strftime("%d/%m/%Y") in row
