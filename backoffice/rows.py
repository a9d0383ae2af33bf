"""The rows of the back-office request tables (the dashboard's two lists and « Demandes »),
which staff read all day: read as plain values rather than model instances, and each status
drawn once per page rather than once per row (issue 16: building instances of what the table
does not show, and each row's get_status_display, were a third of these pages' time)."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import QuerySet
from django.template.loader import get_template

from candidates.nuc import format_nuc
from centres.models import Centre
from certifup.pagination import page_with_count, with_total
from registrations.models import (
    LineStatus,
    Registration,
    RegistrationExam,
    registration_reference,
)

# What a row shows, and nothing more: the candidate's names and NUC through the join.
_ROW_FIELDS = (
    "pk",
    "status",
    "financed_by_training",
    "payment_due_at",
    "submitted_at",
    "centre_id",
    "candidate__birth_name",
    "candidate__first_names",
    "candidate__nuc",
)


@dataclass(frozen=True, slots=True)
class ExamCell:
    code: str
    requested: bool  # a removed or deferred exam is struck through


@dataclass(frozen=True, slots=True)
class RequestRow:
    pk: int
    reference: str
    status: str
    status_badge: str  # safe HTML: registrations/_status.html, drawn once per status
    financed_by_training: bool
    payment_due_at: datetime.datetime | None
    submitted_at: datetime.datetime
    centre: Centre  # its clock tells how the times read
    birth_name: str
    first_names: str
    display_nuc: str
    exams: list[ExamCell]


@dataclass(frozen=True, slots=True)
class RequestTable:
    rows: list[RequestRow]
    total: int  # the length of the whole list, of which ``rows`` is a slice


def request_tables(
    tables: list[QuerySet[Registration]], *, centres: list[Centre]
) -> list[RequestTable]:
    """The rows of one or more tables of a page (each queryset already scoped, ordered and
    sliced) with each list's total: one query per table (the total is ``COUNT(*) OVER ()``,
    taken before the slice, rather than a COUNT query of its own) and one for all their exams.
    ``centres`` are the staff member's, with their département (loaded once per request by the
    back-office's access check): a row of any other centre cannot be in a scoped list, and
    would fail here rather than be shown."""
    values = [
        list(with_total(registrations).values_list(*_ROW_FIELDS, "list_total"))
        for registrations in tables
    ]
    every_row = [row for table in values for row in table]
    exams = _exams_by_registration([row[0] for row in every_row])
    badges = status_badges({row[1] for row in every_row})
    centres_by_id = {centre.pk: centre for centre in centres}
    return [
        RequestTable(
            rows=[
                _row(row[:-1], exams=exams, badges=badges, centres_by_id=centres_by_id)
                for row in table
            ],
            total=table[0][-1] if table else 0,
        )
        for table in values
    ]


def request_page(
    registrations: QuerySet[Registration],
    number: str | None,
    *,
    per_page: int,
    centres: list[Centre],
) -> tuple[Page, list[RequestRow]]:
    """Page ``number`` of a list, as ``Paginator.get_page`` gives it, with its rows, the
    list's length read by the rows' own query (``certifup.pagination``)."""

    def read(sliced: QuerySet[Registration]) -> tuple[list[RequestRow], int]:
        (table,) = request_tables([sliced], centres=centres)
        return table.rows, table.total

    page = page_with_count(registrations, number, per_page=per_page, read=read)
    return page, list(page.object_list)


def _row(
    values: tuple,
    *,
    exams: dict[int, list[ExamCell]],
    badges: dict[str, str],
    centres_by_id: dict[int, Centre],
) -> RequestRow:
    pk, status, financed, due, submitted, centre_id, birth_name, first_names, nuc = values
    return RequestRow(
        pk=pk,
        reference=registration_reference(pk),
        status=status,
        status_badge=badges[status],
        financed_by_training=financed,
        payment_due_at=due,
        submitted_at=submitted,
        centre=centres_by_id[centre_id],
        birth_name=birth_name,
        first_names=first_names,
        display_nuc=format_nuc(nuc),
        exams=exams.get(pk, []),
    )


def _exams_by_registration(pks: list[int]) -> dict[int, list[ExamCell]]:
    if not pks:
        return {}
    lines = (
        RegistrationExam.objects.filter(registration_id__in=pks)
        .order_by("exam__code", "pk")
        .values_list("registration_id", "exam__code", "status")
    )
    exams: dict[int, list[ExamCell]] = {}
    for registration_id, code, status in lines:
        cell = ExamCell(code=code, requested=status == LineStatus.REQUESTED)
        exams.setdefault(registration_id, []).append(cell)
    return exams


def status_badges(statuses: set[str]) -> dict[str, str]:
    """Each status as registrations/_status.html draws it (the one place that does), rendered
    once per page for the statuses present."""
    template = get_template("registrations/_status.html")
    return {
        status: template.render({"registration": Registration(status=status)})
        for status in statuses
    }
