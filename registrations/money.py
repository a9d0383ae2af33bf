"""What a request costs and what was paid or financed: facts, recorded when they happen.

The fee is frozen per request at submission (``fee_per_exam``). The amount the centre received
(``amount_paid``) or the training body took on (``amount_financed``) is written on the request
at that moment, by ``registration_mark_paid`` / ``registration_mark_financed``. A later
deferral never rewrites it, so ``registration_amounts`` is the one answer for the pages, the
mails, the PDF, the exports, the admin and the payment check."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from certifup.formats import euros
from registrations.models import LineStatus, Registration, RegistrationExam


@dataclass(frozen=True)
class Amounts:
    per_exam: Decimal
    exams: int  # the exams the amount covers
    total: Decimal  # what was paid or financed once recorded, else what is due
    paid: Decimal | None
    financed: Decimal | None

    @property
    def settled(self) -> bool:
        return self.paid is not None or self.financed is not None

    @property
    def due(self) -> Decimal:
        """What the candidate still has to pay the centre."""
        return Decimal("0.00") if self.settled else self.total


def price(*, fee_per_exam: Decimal, exams: int) -> Decimal:
    return fee_per_exam * exams


class Line(Protocol):
    """A line, or what a mail keeps of one (``notifications.MailLine``)."""

    @property
    def status(self) -> str: ...


def charged_lines(registration: Registration) -> list[RegistrationExam]:
    """The exams the request is paid for. Works on prefetched ``lines`` without a query."""
    return [line for line in registration.lines.all() if _charged(line)]


def _charged(line: Line) -> bool:
    """A removed exam costs nothing (removal is only possible before payment), a deferred one
    was paid for and stays counted."""
    return line.status != LineStatus.REMOVED


def registration_amounts(
    registration: Registration, *, lines: Iterable[Line] | None = None
) -> Amounts:
    """``lines``: those a caller already holds (the mails read theirs as ``MailLine``s)."""
    if lines is None:
        lines = registration.lines.all()
    exams = sum(1 for line in lines if _charged(line))
    recorded = (
        registration.amount_paid
        if registration.amount_paid is not None
        else registration.amount_financed
    )
    return Amounts(
        per_exam=registration.fee_per_exam,
        exams=exams,
        total=recorded
        if recorded is not None
        else price(fee_per_exam=registration.fee_per_exam, exams=exams),
        paid=registration.amount_paid,
        financed=registration.amount_financed,
    )


def amounts_text(amounts: Amounts) -> str:
    """« 100,00 € (50,00 € × 2 épreuves) », as the pages, the mails and the PDF write it."""
    plural = "s" if amounts.exams > 1 else ""
    return f"{euros(amounts.total)} ({euros(amounts.per_exam)} × {amounts.exams} épreuve{plural})"
