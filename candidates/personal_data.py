"""« Télécharger mes données » : the candidate's own rows (loaded by the app's ready())."""

from candidates.models import Candidate
from certifup.personal_data import register_section, rows

IDENTITY = (
    "nuc", "birth_name", "usage_name", "first_names", "birth_date", "email", "phone", "address",
    "postal_code", "city", "is_trainee", "training_body", "email_verified_at", "created_at",
)  # fmt: skip


def _corrections(candidate: Candidate) -> list[dict]:
    return rows(
        candidate.corrections.all(), ["field", "old_value", "new_value", "reason", "corrected_at"]
    )


def _correction_requests(candidate: Candidate) -> list[dict]:
    return rows(
        candidate.correction_requests.select_related("centre"),
        ["field", "proposed_value", "comment", "centre", "status", "created_at", "decided_at"],
    )


register_section("identite", lambda candidate: rows([candidate], IDENTITY)[0])
register_section("corrections", _corrections)
register_section("demandes_de_correction", _correction_requests)
