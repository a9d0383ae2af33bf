"""The state machine is one table (``registrations.states``): DESIGN.md's diagram and the table
agree, both ways, and the one function that changes a status, the sweep's bulk one included,
refuses a move the table does not hold and changes nothing."""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from certifup.errors import DomainError
from registrations.models import Registration, Status
from registrations.states import CREATIONS, TRANSITIONS, transition
from registrations.transitions import close_many, move
from tests.factories import advance, submit
from tests.registrations.helpers import seats, state

# The design lives beside the repository (../shared/DESIGN.md); DESIGN_MD points elsewhere.
DESIGN = Path(os.environ.get("DESIGN_MD", Path(settings.BASE_DIR).parent / "shared" / "DESIGN.md"))


def diagram() -> list[str]:
    text = DESIGN.read_text(encoding="utf-8")
    section = text.split("## Registration states", 1)[1]
    return section.split("```", 2)[1].strip("\n").splitlines()


def action_of(label: str) -> str:
    """« reinstate (a late transfer arrives…) » → reinstate; « (financed by training: confirm
    directly) » → confirm: the action is the first word, after the condition if one is given."""
    return re.findall(r"[a-z_]+", label.rsplit(":", 1)[-1])[0]


def horizontal_arrows(lines: list[str]) -> set[tuple[str, str, str]]:
    """``a ──action──▶ b`` (chained on one line, ``a/b`` for several sources)."""
    arrow = re.compile(r"(?<![\w/])(?=([\w/]+) ──(.+?)──+▶ (\w+))")
    return {
        (source, action_of(match.group(2)), match.group(3))
        for line in lines
        for match in arrow.finditer(line)
        for source in match.group(1).split("/")
    }


def word_at(line: str, column: int) -> str | None:
    for match in re.finditer(r"\w+", line):
        if match.start() <= column < match.end():
            return match.group()
    return None


def cell(lines: list[str], row: int, column: int) -> str:
    return lines[row][column] if 0 <= row < len(lines) and column < len(lines[row]) else " "


def vertical_arrows(lines: list[str]) -> set[tuple[str, str, str]]:
    """``│action`` down to ``▼ b``, and ``└──(label)──┘`` up to ``▲ b``: followed back to the
    state the line leaves from."""
    found = set()
    for row, line in enumerate(lines):
        for column, char in enumerate(line):
            if char == "▼":
                target = word_at(lines[row + 1], column)
                found.add(_climb(lines, row - 1, column, target, label=""))
            elif char == "▲":
                target = word_at(lines[row - 1], column)
                found.add(_from_corner(lines, row + 1, column, target))
    return found


def _climb(lines, row, column, target, label) -> tuple[str, str, str]:
    while cell(lines, row, column) in "│└":
        label = label or re.match(r"[│└]([^│]*)", lines[row][column:]).group(1).strip(" ─")
        row -= 1
    return (word_at(lines[row], column), action_of(label), target)


def _from_corner(lines, row, column, target) -> tuple[str, str, str]:
    """From ``┘`` under the ``▲``, left along ``─`` to ``└``, then up to the source."""
    assert cell(lines, row, column) == "┘"
    start = lines[row].rindex("└", 0, column)
    label = lines[row][start + 1 : column].strip("─")
    return _climb(lines, row - 1, start, target, label=label)


def table_arrows() -> set[tuple[str, str, str]]:
    """The table as the diagram draws it: a move that is always completed by another in the
    same transaction (reinstate, then record_payment) is drawn to where the pair ends."""
    arrows = set()
    for move_ in TRANSITIONS:
        target = move_.target
        if move_.completed_by:
            target = transition(move_.completed_by, target).target
        arrows.add((move_.source, move_.action, target))
    return arrows


@pytest.mark.skipif(not DESIGN.exists(), reason=f"{DESIGN} is not beside the repository")
def test_the_diagram_of_design_md_and_the_table_agree_both_ways():
    lines = diagram()
    drawn = horizontal_arrows(lines) | vertical_arrows(lines)

    assert len(drawn) >= 9  # the parser found the arrows, not an empty diagram
    assert drawn - table_arrows() == set(), "in DESIGN.md, missing from the table"
    assert table_arrows() - drawn == set(), "in the table, missing from DESIGN.md"


def test_the_table_speaks_of_real_statuses_and_creations_start_active():
    for move_ in TRANSITIONS:
        assert {move_.source, move_.target} <= set(Status.values)
    assert set(CREATIONS.values()) == {Status.SUBMITTED, Status.CONFIRMED}


# --- The one function that changes a status checks the table --------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "shown"),
    [
        ("confirm", "soumise"),  # paid first, or financed
        ("record_payment", "soumise"),
        ("expire", "soumise"),
        ("reinstate", "soumise"),
    ],
)
def test_a_move_the_table_does_not_hold_raises_and_changes_nothing(
    action, shown, request_a, staff_a, now
):
    before = state(request_a)

    with pytest.raises(DomainError) as refusal:
        move(request_a, action=action, actor=staff_a, now=now)

    assert refusal.value.message.startswith("Impossible de ")
    assert refusal.value.message.endswith(f"une demande au statut « {shown} ».")
    assert state(request_a) == before


@pytest.mark.django_db
def test_the_financed_shortcut_needs_the_financing(request_a, staff_a, now):
    registration = advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a, now=now)
    before = state(registration)

    with pytest.raises(DomainError, match="Impossible de valider définitivement"):
        move(registration, action="confirm", actor=staff_a, now=now)

    assert state(registration) == before


@pytest.mark.django_db
def test_the_bulk_expiry_refuses_a_request_that_is_not_pre_validated(
    request_a, candidate, other_candidate, centre_a, session, exams, staff_a, now
):
    due = advance(
        submit(other_candidate, centre_a, session, exams[2:3], now),
        to=Status.PRE_VALIDATED,
        actor=staff_a,
        now=now,
    )
    before = state(request_a), state(due), seats(centre_a, session)

    with pytest.raises(DomainError) as refusal:
        close_many([due.pk, request_a.pk], action="expire", now=now, note="Délai dépassé")

    refused = "Impossible de faire expirer une demande au statut « soumise »."
    assert refusal.value.message == refused
    assert (state(request_a), state(due), seats(centre_a, session)) == before
    assert set(Registration.objects.values_list("status", flat=True)) == {
        Status.SUBMITTED,
        Status.PRE_VALIDATED,
    }
