"""« Télécharger mes données » : the candidate's payments (loaded by the app's ready())."""

from candidates.models import Candidate
from certifup.personal_data import register_section, rows
from payments.models import Payment


def _payments(candidate: Candidate) -> list[dict]:
    payments = Payment.objects.filter(registration__candidate=candidate).order_by("recorded_at")
    return rows(
        payments,
        ["registration_id", "amount", "method", "received_on", "reference", "training_body"],
    )


register_section("reglements", _payments)
