"""One owner per rule, kept by a lint: a request's status is written in
``registrations/transitions.py`` only, and a seat counter in ``registrations/seats.py`` only
(the application code: tests, migrations and the benchmark's raw SQL aside)."""

import re
from pathlib import Path

from django.conf import settings

APPS = ["candidates", "centres", "certifup", "deferrals", "notifications", "payments",
        "registrations"]  # fmt: skip
STATUS_WRITE = re.compile(
    r"registration\.status( =(?!=)|, )"  # an attribute set, one or several at once
    r"|Registration\.objects[^\n]*\.(update|create|bulk_create|bulk_update)\([^)]*\bstatus="
    r"|Registration\.objects\.create\("  # a new request: its status comes from the table
    r"|\bstatus=CREATIONS"
)
SEAT_WRITE = re.compile(r"\bseats_taken\s*=(?!=)")


def writers(pattern: re.Pattern) -> set[str]:
    root = Path(settings.BASE_DIR)
    return {
        str(path.relative_to(root))
        for app in APPS
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))
    }


def test_only_transitions_writes_a_request_status():
    assert writers(STATUS_WRITE) == {"registrations/transitions.py"}


def test_only_the_seats_module_changes_a_seat_counter():
    # centres/models.py declares the field (``seats_taken = models…``), nothing more.
    assert writers(SEAT_WRITE) == {"registrations/seats.py", "centres/models.py"}


WAITING_WRITE = re.compile(
    r"entry\.status( =(?!=)|, )"
    r"|WaitingEntry\.objects[^\n]*\.(update|bulk_update)\([^)]*\bstatus="
)


def test_only_the_waiting_table_moves_a_waiting_entry():
    assert writers(WAITING_WRITE) == {"registrations/waiting_states.py"}
