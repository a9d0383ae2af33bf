"""The rows of the centre's registrations export, shared by the CSV and the XLSX files.

The files are written by ``certifup.spreadsheets`` (tablib, with ``neutralise``). The rows are
not a django-import-export ``Resource``: one row per exam of a request, with the request's
amount and payment beside it, is ten ``dehydrate_`` methods on a line resource, as long as the
loop below and less direct.
"""

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from certifup.formats import euros
from certifup.spreadsheets import neutralise
from registrations.models import LineStatus, Registration, RegistrationExam, Status
from registrations.money import registration_amounts
from registrations.times import deadline_text

HEADER = [
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
]


def export_queryset(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    lines = RegistrationExam.objects.select_related("exam").order_by("exam__code")
    return (
        registrations.select_related("candidate", "session", "centre__department")
        .prefetch_related(Prefetch("lines", queryset=lines), "payments")
        .order_by("session__exams_start_on", "candidate__birth_name", "pk")
    )


def export_rows(registrations: QuerySet[Registration]) -> Iterator[list[str]]:
    """One row per exam of each request, every value neutralised."""
    for registration in export_queryset(registrations):
        candidate = registration.candidate
        payment = _payment_text(registration)
        due = _due_text(registration)
        for line in registration.lines.all():
            row = [
                registration.session.name,
                line.exam.code
                if line.status == LineStatus.REQUESTED
                else f"{line.exam.code} ({line.get_status_display()})",
                candidate.nuc,
                candidate.birth_name,
                candidate.usage_name,
                candidate.first_names,
                candidate.birth_date.strftime("%d/%m/%Y"),
                registration.get_status_display(),
                f"{registration_amounts(registration).total:.2f}".replace(".", ","),
                payment,
                due,
            ]
            yield [neutralise(value) for value in row]


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
