"""« Télécharger mes données » (RGPD): everything the platform holds about a candidate, as JSON.

Sections are registered by name; an app that stores more about candidates (the mail outbox,
deferrals) adds its own with one line:

    register_section("mails", lambda candidate: rows(Mail.objects.filter(...), [...]))
"""

from collections.abc import Callable, Iterable

from django.db.models import Model, QuerySet

from candidates.models import Candidate
from payments.models import Payment

Section = Callable[[Candidate], object]
SECTIONS: dict[str, Section] = {}


def register_section(name: str, build: Section) -> None:
    SECTIONS[name] = build


def _value(instance: Model, name: str):
    value = getattr(instance, name)
    display = getattr(instance, f"get_{name}_display", None)
    if display is not None:
        return display()
    return value if value is None or isinstance(value, (bool, int)) else str(value)


def rows(queryset: QuerySet | Iterable[Model], fields: Iterable[str]) -> list[dict]:
    """Plain dicts of the named fields; choices as their French label, values as text."""
    fields = list(fields)
    return [{name: _value(row, name) for name in fields} for row in queryset]


IDENTITY = (
    "nuc", "birth_name", "usage_name", "first_names", "birth_date", "email", "phone", "address",
    "postal_code", "city", "is_trainee", "training_body", "email_verified_at", "created_at",
)  # fmt: skip
REGISTRATION = (
    "pk", "session", "centre", "status", "fee_per_exam", "amount_paid", "amount_financed",
    "financed_by_training", "training_body", "refusal_reason", "submitted_at",
    "pre_validated_at", "payment_due_at", "paid_at", "confirmed_at", "closed_at",
)  # fmt: skip


def _registrations(candidate: Candidate) -> list[dict]:
    registrations = candidate.registrations.select_related("session", "centre").prefetch_related(
        "lines__exam", "events"
    )
    result = []
    for registration in registrations.order_by("submitted_at", "pk"):
        entry = rows([registration], REGISTRATION)[0]
        entry["epreuves"] = rows(registration.lines.all(), ["exam", "status", "removal_reason"])
        entry["historique"] = rows(
            registration.events.all(), ["at", "kind", "from_status", "to_status", "note"]
        )
        result.append(entry)
    return result


def _payments(candidate: Candidate) -> list[dict]:
    payments = Payment.objects.filter(registration__candidate=candidate).order_by("recorded_at")
    return rows(
        payments,
        ["registration_id", "amount", "method", "received_on", "reference", "training_body"],
    )


def _alerts(candidate: Candidate) -> list[dict]:
    alerts = candidate.alerts.select_related("session", "department").prefetch_related("exams")
    return [
        {
            **rows([alert], ["session", "department", "message", "created_at"])[0],
            "epreuves": [str(exam) for exam in alert.exams.all()],
        }
        for alert in alerts
    ]


register_section("identite", lambda candidate: rows([candidate], IDENTITY)[0])
register_section("inscriptions", _registrations)
register_section("reglements", _payments)
register_section(
    "corrections",
    lambda candidate: rows(
        candidate.corrections.all(), ["field", "old_value", "new_value", "reason", "corrected_at"]
    ),
)
register_section(
    "demandes_de_correction",
    lambda candidate: rows(
        candidate.correction_requests.select_related("centre"),
        ["field", "proposed_value", "comment", "centre", "status", "created_at", "decided_at"],
    ),
)
register_section("alertes_aucun_centre", _alerts)


def personal_data(candidate: Candidate) -> dict:
    return {name: build(candidate) for name, build in SECTIONS.items()}
