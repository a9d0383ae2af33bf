"""« Télécharger mes données » : the candidate's requests and « aucun centre » alerts (loaded by
the app's ready())."""

from candidates.models import Candidate
from certifup.personal_data import register_section, rows

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


def _alerts(candidate: Candidate) -> list[dict]:
    alerts = candidate.alerts.select_related("session", "department").prefetch_related("exams")
    return [
        {
            **rows([alert], ["session", "department", "message", "created_at"])[0],
            "epreuves": [str(exam) for exam in alert.exams.all()],
        }
        for alert in alerts
    ]


register_section("inscriptions", _registrations)
register_section("alertes_aucun_centre", _alerts)
