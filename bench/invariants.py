"""The invariants the rush and the sweep must leave intact, checked in SQL on the whole base.
Each query returns the offending rows; an empty result means the invariant holds."""

from django.db import connection

SEAT_HOLDING = "('pre_validated', 'paid', 'confirmed')"
ACTIVE = "('submitted', 'pre_validated', 'paid', 'confirmed')"
HOLDING_WAITING = "('offered', 'claimed')"

CHECKS = {
    "seats_taken ≤ capacity": "SELECT id FROM centres_examoffer WHERE seats_taken > capacity",
    "seat-holding lines ≤ capacity (no overbooking)": f"""
        SELECT o.id FROM centres_examoffer o
        JOIN registrations_registrationexam l ON l.exam_offer_id = o.id AND l.status = 'requested'
        JOIN registrations_registration r
          ON r.id = l.registration_id AND r.status IN {SEAT_HOLDING}
        GROUP BY o.id, o.capacity HAVING count(*) > o.capacity""",
    "seats_taken = seat-holding lines + seats held by the waiting list": f"""
        SELECT o.id FROM centres_examoffer o
        LEFT JOIN (
            SELECT l.exam_offer_id, count(*) AS n FROM registrations_registrationexam l
            JOIN registrations_registration r ON r.id = l.registration_id
            WHERE l.status = 'requested' AND r.status IN {SEAT_HOLDING}
            GROUP BY l.exam_offer_id
        ) h ON h.exam_offer_id = o.id
        LEFT JOIN (
            SELECT exam_offer_id, count(*) AS n FROM registrations_waitingexam
            WHERE holds_seat GROUP BY exam_offer_id
        ) w ON w.exam_offer_id = o.id
        WHERE o.seats_taken <> coalesce(h.n, 0) + coalesce(w.n, 0)""",
    "a seat is held only by an offer open on the waiting list": f"""
        SELECT x.id FROM registrations_waitingexam x
        JOIN registrations_waitingentry e ON e.id = x.entry_id
        WHERE x.holds_seat AND e.status NOT IN {HOLDING_WAITING}""",
    "one centre per candidate and session": f"""
        SELECT candidate_id, session_id FROM registrations_registration
        WHERE status IN {ACTIVE}
        GROUP BY candidate_id, session_id HAVING count(DISTINCT centre_id) > 1""",
    "no exam twice in a session": f"""
        SELECT l.candidate_id, l.session_id, l.exam_id FROM registrations_registrationexam l
        JOIN registrations_registration r ON r.id = l.registration_id
        WHERE r.status IN {ACTIVE} AND l.status = 'requested'
        GROUP BY l.candidate_id, l.session_id, l.exam_id HAVING count(*) > 1""",
    "active flag matches the request": f"""
        SELECT l.id FROM registrations_registrationexam l
        JOIN registrations_registration r ON r.id = l.registration_id
        WHERE l.is_active <> (r.status IN {ACTIVE} AND l.status = 'requested')""",
}


def violations() -> dict[str, int]:
    """Invariant name → number of offending rows (all zeros when the base is sound)."""
    found = {}
    with connection.cursor() as cursor:
        for name, sql in CHECKS.items():
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS bad")
            found[name] = cursor.fetchone()[0]
    return found
