"""UPPCTSC's national view of one session (issue 15): requests by status, demand against
capacity per département and exam, the centres that answer late. Reads only; each table is
one or two grouped queries, whatever the number of requests, and is both the page's table and
its CSV/XLSX export (``TABLES``).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum

from centres.models import ExamOffer, Session
from certifup.aggregates import Median
from registrations.models import NoCentreAlert, Registration, Status, WaitingExam
from registrations.selectors import waiting_counts_annotations

NO_DEPARTMENT = "non précisé"


@dataclass(frozen=True)
class Table:
    slug: str  # of the export's URL and file name
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[object, ...]]
    numeric_from: int  # the columns from this one on are counts (right-aligned)


# --- Requests by status -------------------------------------------------------------------


def status_counts(*, session: Session) -> list[tuple[str, int]]:
    """Every status, in the procedure's order, with its number of requests (0 included)."""
    counted = dict(
        Registration.objects.filter(session=session)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    return [(str(status.label), counted.get(status.value, 0)) for status in Status]


def status_table(*, session: Session) -> Table:
    counts = status_counts(session=session)
    total = sum(count for _, count in counts)
    rows: list[tuple[object, ...]] = [
        (label, count, _percent(count, total)) for label, count in counts
    ]
    rows.append(("Total", total, _percent(total, total)))
    return Table("statuts", "Demandes par statut", ("Statut", "Demandes", "Part"), rows, 1)


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "–"


# --- Demand against capacity, per département and exam ------------------------------------

Key = tuple[str, str, str, str]  # département code and name, exam code and title
Counts = dict[Key, dict[str, int]]


@dataclass(frozen=True)
class Column:
    key: str
    header: str


def _seats(session: Session) -> Counts:
    grouped = (
        ExamOffer.objects.filter(session=session, centre__is_accredited=True)
        .order_by()
        .values_list(
            "centre__department__code", "centre__department__name", "exam__code", "exam__title"
        )
        .annotate(offered=Sum("capacity"), taken=Sum("seats_taken"))
    )
    return {
        (code, name, exam, title): {"offered": offered, "taken": taken}
        for code, name, exam, title, offered, taken in grouped
    }


def _no_centre_alerts(session: Session) -> Counts:
    grouped = (
        NoCentreAlert.objects.filter(session=session)
        .order_by()
        .values_list("department__code", "department__name", "exams__code", "exams__title")
        .annotate(alerts=Count("pk"))
    )
    return {
        (code or "", name or NO_DEPARTMENT, exam, title): {"alerts": alerts}
        for code, name, exam, title, alerts in grouped
        if exam is not None
    }


def _waiting(session: Session) -> Counts:
    grouped = (
        WaitingExam.objects.filter(
            exam_offer__session=session, exam_offer__centre__is_accredited=True
        )
        .order_by()
        .values_list(
            "exam_offer__centre__department__code",
            "exam_offer__centre__department__name",
            "exam_offer__exam__code",
            "exam_offer__exam__title",
        )
        .annotate(**waiting_counts_annotations())
    )
    return {
        (code, name, exam, title): {"held": held, "waiting": waiting}
        for code, name, exam, title, held, waiting in grouped
    }


# Each source counts some columns per (département, exam) in one query.
DEMAND_SOURCES: tuple[tuple[tuple[Column, ...], Callable[[Session], Counts]], ...] = (
    ((Column("offered", "Places offertes"), Column("taken", "Places prises")), _seats),
    (
        (
            Column("held", "dont réservées (liste d'attente)"),
            Column("waiting", "Candidats en liste d'attente"),
        ),
        _waiting,
    ),
    ((Column("alerts", "Alertes « aucun centre »"),), _no_centre_alerts),
)


def demand_table(*, session: Session) -> Table:
    columns = [column for columns, _ in DEMAND_SOURCES for column in columns]
    merged: Counts = {}
    for _, source in DEMAND_SOURCES:
        for key, counts in source(session).items():
            merged.setdefault(key, {}).update(counts)
    rows: list[tuple[object, ...]] = [
        (*_labels(key), *(merged[key].get(column.key, 0) for column in columns))
        for key in sorted(merged, key=_department_order)
    ]
    headers = ("Département", "Épreuve", *(column.header for column in columns))
    return Table("departements", "Places et demande par département et épreuve", headers, rows, 2)


def _labels(key: Key) -> tuple[str, str]:
    code, name, exam, title = key
    return (f"{code} – {name}" if code else name, f"{exam} – {title}")


def _department_order(key: Key) -> tuple[bool, str, str]:
    code, _, exam, _ = key
    return (not code, code, exam)  # alerts without a département last


# --- Centres that answer late -------------------------------------------------------------


def late_centres_table(*, session: Session) -> Table:
    """Centres with at least one request left unanswered past twice ``CENTRE_ANSWER_HOURS``
    (stamped by ``registrations.answers``), the latest first."""
    # The medians are computed only for the centres listed: grouping every request of the
    # session was 0.34 s of the page on the benchmark's 100,000 requests.
    late_centres = Registration.objects.filter(
        session=session, answer_late_at__isnull=False
    ).values("centre")
    grouped = (
        Registration.objects.filter(session=session, centre__in=late_centres)
        .order_by()
        .values_list("centre__name", "centre__department__code", "centre__city")
        .annotate(
            late=Count("answer_late_at"),
            unanswered=Count(
                "pk", filter=Q(status=Status.SUBMITTED, answer_late_at__isnull=False)
            ),
            pre_validated=Count("pre_validated_at"),
            median=Median(F("pre_validated_at") - F("submitted_at")),
        )
        .filter(late__gt=0)
        .order_by("-late", F("median").desc(nulls_last=True), "centre__name")
    )
    rows: list[tuple[object, ...]] = [
        (f"{name} ({city})", department, _hours(median), pre_validated, late, unanswered)
        for name, department, city, late, unanswered, pre_validated, median in grouped
    ]
    headers = (
        "Centre",
        "Département",
        "Délai médian de pré-validation",
        "Demandes pré-validées",
        "Réponses en retard",
        "dont toujours sans réponse",
    )
    return Table("centres-en-retard", "Centres qui répondent en retard", headers, rows, 2)


def _hours(duration: datetime.timedelta | None) -> str:
    if duration is None:
        return "–"
    return f"{round(duration.total_seconds() / 3600)} h"


TABLES: dict[str, Callable[..., Table]] = {
    "statuts": status_table,
    "departements": demand_table,
    "centres-en-retard": late_centres_table,
}
