"""Bulk data for the benchmark: centres, offers, candidates, registrations with their lines and
events, written with COPY (a few seconds for 100,000 requests) instead of the services, which
would take hours. The shapes respect every invariant of DESIGN.md; ``bench.invariants`` checks
them afterwards. Seats are recomputed from the seat-holding lines with one UPDATE … FROM."""

import datetime
import uuid

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from bench.scale import FULL, SMALL, Scale  # noqa: F401 (re-exported)
from candidates.nuc import make_nuc
from centres.models import Centre, Department, Exam, ExamOffer, Session, Software

PASSWORD = "bench-mot-de-passe"
BUSY_DEPARTMENT = "75"
SESSION_NAME = "Bench – session ouverte"
SWEEP_SESSION_NAME = "Bench – session des expirations"
NUC_YEAR = 90  # no real candidate has a NUC starting with 90
EXAM_CODES = ("E1", "E2", "E3", "E4")
ACTIVE = ("submitted", "pre_validated", "paid", "confirmed")
CLOSED = ("refused", "expired", "withdrawn")


def generate(scale: Scale, *, now: datetime.datetime) -> dict:
    """Everything in one transaction: a failed run leaves nothing behind."""
    with transaction.atomic():
        exams = _exams()
        session, sweep_session = _sessions(now)
        centres = _centres(scale)
        _offers(centres, session, exams, scale.capacity)
        _offers(centres, sweep_session, exams[:1], 10 * scale.capacity)
        candidate_ids = _candidates(scale, now)
        _registrations(scale, candidate_ids, centres, session, exams, now)
        _recompute_seats()
        _reset_sequences()
    return {"session": session.pk, "sweep_session": sweep_session.pk}


def _exams() -> list[Exam]:
    return [
        Exam.objects.get_or_create(code=code, defaults={"title": f"Épreuve {code}"})[0]
        for code in EXAM_CODES
    ]


def _sessions(now: datetime.datetime) -> tuple[Session, Session]:
    def make(name: str) -> Session:
        return Session.objects.update_or_create(
            name=name,
            defaults={
                "registration_opens_at": now - datetime.timedelta(days=30),
                "registration_closes_at": now + datetime.timedelta(days=365),
                "exams_start_on": (now + datetime.timedelta(days=400)).date(),
                "exams_end_on": (now + datetime.timedelta(days=410)).date(),
            },
        )[0]

    return make(SESSION_NAME), make(SWEEP_SESSION_NAME)


def _centres(scale: Scale) -> list[Centre]:
    others = list(Department.objects.exclude(code=BUSY_DEPARTMENT).values_list("code", flat=True))
    rows = []
    for i in range(scale.centres):
        department = BUSY_DEPARTMENT if i < scale.busy_centres else others[i % len(others)]
        rows.append(
            Centre(
                name=f"Centre bench {i:04d}",
                city=f"Ville {i % 97}",
                address=f"{i} rue des Essais",
                postal_code=f"{department[:2]}000",
                department_id=department,
                email=f"centre{i}@bench.invalid",
                phone="01 02 03 04 05",
                payment_instructions="Chèque à l'ordre du centre.",
            )
        )
    return Centre.objects.bulk_create(rows, batch_size=1000)


def _offers(centres, session, exams, capacity) -> None:
    software = [Software.objects.get_or_create(name=n)[0] for n in ("Excel", "Calc", "Sheets")]
    offers = ExamOffer.objects.bulk_create(
        [
            ExamOffer(centre=c, session=session, exam=e, capacity=capacity)
            for c in centres
            for e in exams
        ],
        batch_size=2000,
    )
    through = ExamOffer.software.through
    through.objects.bulk_create(
        [through(examoffer_id=o.pk, software_id=software[o.pk % 3].pk) for o in offers],
        batch_size=5000,
    )


def _next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
        return cursor.fetchone()[0]


def _copy(table: str, columns: tuple[str, ...], rows) -> None:
    with connection.cursor() as cursor:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)


def _candidates(scale: Scale, now: datetime.datetime) -> list[int]:
    """Users and candidates share one precomputed hash (the bench hasher is fast anyway)."""
    password = make_password(PASSWORD)
    user_base, cand_base = _next_id("candidates_user"), _next_id("candidates_candidate")
    seq_base = _next_nuc_sequence()
    nucs = [make_nuc(year=NUC_YEAR, sequence=seq_base + i) for i in range(scale.candidates)]
    user_cols = ("id", "password", "is_superuser", "username", "first_name", "last_name")
    user_cols += ("email", "is_staff", "is_active", "date_joined")
    _copy(
        "candidates_user",
        user_cols,
        (
            (user_base + i, password, False, nuc, "Camille", f"Bench{nuc}",
             f"{nuc}@bench.invalid", False, True, now)
            for i, nuc in enumerate(nucs)
        ),
    )  # fmt: skip
    cand_cols = ("id", "user_id", "nuc", "birth_name", "usage_name", "first_names")
    cand_cols += ("birth_date", "identity_key", "email", "phone", "address", "postal_code")
    cand_cols += ("city", "is_trainee", "training_body", "created_at", "email_verified_at")
    _copy(
        "candidates_candidate",
        cand_cols,
        (
            (cand_base + i, user_base + i, nuc, f"Bench{nuc}", f"Bench{nuc}", "Camille",
             datetime.date(1990, 1, 1), f"bench{nuc}|camille|1990-01-01",
             f"{nuc}@bench.invalid", "0601020304", "1 rue des Essais", "75001", "Paris",
             False, "", now, now)
            for i, nuc in enumerate(nucs)
        ),
    )  # fmt: skip
    return [cand_base + i for i in range(scale.candidates)]


def _next_nuc_sequence() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(max(substr(nuc, 3, 6)::int), 0) + 1 FROM candidates_candidate "
            "WHERE nuc ~ %s",
            [f"^{NUC_YEAR:02d}[0-9]{{7}}$"],
        )
        return cursor.fetchone()[0]


def registration_plan(scale: Scale, candidate_ids: list[int], centre_ids: list[int]):
    """(candidate, centre, status, exam indexes) for each request. Candidate k gets an active
    request for E1(+E2) at its centre, a closed one for E3 elsewhere, and every other one a
    second active request for E3+E4 at the same centre: invariants 1 and 2 hold by design.
    The last fifth of the candidates has no request at all (the rush and sweep use them)."""
    registered = candidate_ids[: scale.candidates * 4 // 5]
    plan, k = [], 0
    while len(plan) < scale.registrations:
        j, round_ = k % len(registered), k // len(registered)
        candidate, centre = registered[j], centre_ids[j % len(centre_ids)]
        if round_ == 0:
            plan.append((candidate, centre, ACTIVE[j % 4], (0, 1) if j % 2 else (0,)))
        elif round_ == 1:
            other = centre_ids[(j + 1) % len(centre_ids)]
            plan.append((candidate, other, CLOSED[j % 3], (2,)))
        elif round_ == 2 and j % 2 == 0:
            plan.append((candidate, centre, ACTIVE[(j // 2) % 4], (2, 3)))
        elif round_ > 2:
            break
        k += 1
    return plan


REG_COLUMNS = (
    "id", "candidate_id", "session_id", "centre_id", "status", "submission_key",
    "fee_per_exam", "financed_by_training", "training_body", "refusal_reason", "submitted_at",
    "pre_validated_at", "payment_due_at", "paid_at", "confirmed_at", "closed_at",
)  # fmt: skip
LINE_COLUMNS = (
    "id", "registration_id", "exam_offer_id", "candidate_id", "session_id", "exam_id",
    "status", "is_active", "removal_reason",
)  # fmt: skip
EVENT_COLUMNS = ("id", "registration_id", "at", "kind", "from_status", "to_status", "note")


def registration_row(pk, candidate, session, centre, status, now, *, due=None):
    """One row of REG_COLUMNS, with the dates each status implies."""
    day = datetime.timedelta(days=1)
    holding = status in ("pre_validated", "paid", "confirmed")
    return (
        pk, candidate, session, centre, status, uuid.uuid4(), "50.00", False, "",
        "Plus de place." if status == "refused" else "", now - 10 * day,
        now - 5 * day if holding or status == "expired" else None,
        due or (now + 10 * day if holding or status == "expired" else None),
        now - 2 * day if status in ("paid", "confirmed") else None,
        now - day if status == "confirmed" else None,
        now - day if status in CLOSED else None,
    )  # fmt: skip


def _registrations(scale, candidate_ids, centres, session, exams, now) -> None:
    offer_of = {
        (centre_id, exam_id): pk
        for pk, centre_id, exam_id in ExamOffer.objects.filter(session=session).values_list(
            "pk", "centre_id", "exam_id"
        )
    }
    plan = registration_plan(scale, candidate_ids, [c.pk for c in centres])
    reg_base = _next_id("registrations_registration")
    line_id, event_id = (
        _next_id("registrations_registrationexam"),
        _next_id("registrations_registrationevent"),
    )
    regs, lines, events = [], [], []
    for n, (candidate, centre, status, exam_indexes) in enumerate(plan):
        pk = reg_base + n
        regs.append(registration_row(pk, candidate, session.pk, centre, status, now))
        for index in exam_indexes:
            exam = exams[index].pk
            lines.append(
                (line_id, pk, offer_of[centre, exam], candidate, session.pk, exam,
                 "requested", status in ACTIVE, "")
            )  # fmt: skip
            line_id += 1
        events.append((event_id, pk, now - datetime.timedelta(days=10), "status", "",
                       "submitted", ""))  # fmt: skip
        event_id += 1
        if status != "submitted":
            events.append((event_id, pk, now - datetime.timedelta(days=1), "status",
                           "submitted", status, ""))  # fmt: skip
            event_id += 1
    _copy("registrations_registration", REG_COLUMNS, regs)
    _copy("registrations_registrationexam", LINE_COLUMNS, lines)
    _copy("registrations_registrationevent", EVENT_COLUMNS, events)


RECOMPUTE_SEATS = """
UPDATE centres_examoffer AS o SET seats_taken = coalesce(held.n, 0)
FROM centres_examoffer AS o2
LEFT JOIN (
    SELECT l.exam_offer_id, count(*) AS n
    FROM registrations_registrationexam l
    JOIN registrations_registration r ON r.id = l.registration_id
    WHERE l.status = 'requested' AND r.status IN ('pre_validated', 'paid', 'confirmed')
    GROUP BY l.exam_offer_id
) AS held ON held.exam_offer_id = o2.id
WHERE o.id = o2.id AND o.seats_taken <> coalesce(held.n, 0)
"""


def _recompute_seats() -> None:
    with connection.cursor() as cursor:
        cursor.execute(RECOMPUTE_SEATS)


def _reset_sequences() -> None:
    tables = (
        "candidates_user", "candidates_candidate", "registrations_registration",
        "registrations_registrationexam", "registrations_registrationevent",
    )  # fmt: skip
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
