"""« Télécharger mes données » : the candidate's deferral requests (loaded by the app's ready()).

What was asked and decided, and which file was sent and whether it is still stored; never the
file itself, which stays behind the audited download."""

from certifup.personal_data import register_section, rows
from deferrals.models import Deferral

FIELDS = ("reason", "comment", "status", "requested_at", "decided_at", "decision_note")


def _deferrals(candidate) -> list[dict]:
    deferrals = (
        Deferral.objects.filter(line__registration__candidate=candidate)
        .select_related("line__exam", "line__registration__session")
        .order_by("requested_at", "pk")
    )
    return [
        {
            "registration_id": deferral.line.registration_id,
            "session": str(deferral.line.registration.session),
            "exam": str(deferral.line.exam),
            **rows([deferral], FIELDS)[0],
            "file_name": deferral.file_name,
            "file_still_stored": deferral.has_file,
        }
        for deferral in deferrals
    ]


register_section("reports", _deferrals)
