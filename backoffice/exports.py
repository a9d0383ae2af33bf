"""The rows of the centre's registrations export, shared by the CSV and the XLSX files.

The rows hold typed values (amounts as ``Decimal``, dates, times on the centre's clock) so that
the XLSX file has numbers and dates a spreadsheet computes and sorts with; the CSV writes them as
a French spreadsheet reads them (« 100,00 », « 12/04/1990 »). The CSV is written by tablib, the
library django-import-export reads and writes with; the XLSX by openpyxl (tablib's writer puts
no number format on a cell). The rows are not a django-import-export ``Resource``: one row per
exam of a request, with the request's amount and payment beside it, is ten ``dehydrate_``
methods on a line resource, as long as the loop below and less direct. And the library's own
formula escaping (``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``) only drops a leading « = »,
losing the text and letting « + - @ » through, so ``certifup.spreadsheets.neutralise`` (shared with
UPPCTSC's national view) stays ours.
"""

import datetime
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from tablib import Dataset

from certifup.formats import decimal_comma, euros
from certifup.spreadsheets import neutralise
from registrations.models import LineStatus, Registration, RegistrationExam, Status
from registrations.money import registration_amounts
from registrations.times import centre_clock, deadline_text

Cell = str | Decimal | datetime.date | datetime.datetime

HEADER = [
    "Référence",
    "Session",
    "Épreuve",
    "NUC",
    "Nom de naissance",
    "Nom d'usage",
    "Prénom(s)",
    "Date de naissance",
    "Statut",
    "Montant (€)",
    "Règlement",
    "Règlement attendu",
    "Soumise le (heure du centre)",
]
TITLE = "Inscriptions"
# How the XLSX shows each kind of cell (Excel's format codes; LibreOffice reads them too).
EUROS_FORMAT = '#,##0.00\\ "€"'
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


def export_queryset(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    lines = RegistrationExam.objects.select_related("exam").order_by("exam__code")
    return (
        registrations.select_related("candidate", "session", "centre__department")
        .prefetch_related(Prefetch("lines", queryset=lines), "payments")
        .order_by("session__exams_start_on", "candidate__birth_name", "pk")
    )


def export_rows(registrations: QuerySet[Registration]) -> Iterator[list[Cell]]:
    """One row per exam of each request; every text neutralised, numbers and dates typed."""
    for registration in export_queryset(registrations):
        candidate = registration.candidate
        payment = _payment_text(registration)
        due = _due_text(registration)
        total = registration_amounts(registration).total
        submitted = centre_clock(registration.submitted_at, centre=registration.centre)
        for line in registration.lines.all():
            # A removed or deferred exam says so, not its request's « confirmée ».
            status = (
                registration.get_status_display()
                if line.status == LineStatus.REQUESTED
                else line.get_status_display()
            )
            texts = [
                registration.reference,
                registration.session.name,
                line.exam.code,
                candidate.nuc,
                candidate.birth_name,
                candidate.usage_name,
                candidate.first_names,
            ]
            yield [
                *(neutralise(value) for value in texts),
                candidate.birth_date,
                neutralise(status),
                total,
                neutralise(payment),
                neutralise(due),
                submitted,
            ]


def export_csv(rows: Iterable[list[Cell]]) -> str:
    """Semicolons, decimal commas, dd/mm/yyyy: what a French spreadsheet opens without asking."""
    dataset = Dataset(*([_csv_text(value) for value in row] for row in rows), headers=HEADER)
    return dataset.export("csv", delimiter=";")


def _csv_text(value: Cell) -> str:
    if isinstance(value, Decimal):
        return decimal_comma(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def export_xlsx(rows: Iterable[list[Cell]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.title = TITLE
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        # A spreadsheet's date has no zone: the time is the centre's, as the header says.
        sheet.append(
            [v.replace(tzinfo=None) if isinstance(v, datetime.datetime) else v for v in row]
        )
        for cell in sheet[sheet.max_row]:
            cell.number_format = _number_format(cell.value, cell.number_format)
    for index, title in enumerate(HEADER, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(title) + 2)
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


def _number_format(value: object, default: str) -> str:
    if isinstance(value, Decimal):
        return EUROS_FORMAT
    if isinstance(value, datetime.datetime):
        return DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return DATE_FORMAT
    return default


def _due_text(registration: Registration) -> str:
    """The deadline as the back-office's request list words it, for an unpaid request."""
    if registration.status != Status.PRE_VALIDATED or registration.financed_by_training:
        return ""
    return deadline_text(registration.payment_due_at, centre=registration.centre)


def _payment_text(registration: Registration) -> str:
    payments = list(registration.payments.all())
    if not payments:
        return ""
    payment = payments[0]
    if payment.training_body:
        return f"{payment.get_method_display()} ({payment.training_body})"
    reference = f", {payment.reference}" if payment.reference else ""
    return (
        f"{euros(payment.amount)} {payment.get_method_display()} "
        f"reçu le {payment.received_on:%d/%m/%Y}{reference}"
    )
