"""Random sequences of every transition, by candidates and centres, checked against invariants
1-3 after each step (hypothesis stateful testing on PostgreSQL)."""

import contextlib
import datetime
import uuid
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from centres.models import ExamOffer
from certifup.errors import DomainError
from payments.models import Method
from payments.services import payment_record, payment_record_financing
from registrations.models import (
    ACTIVE_STATUSES,
    SEAT_HOLDING_STATUSES,
    LineStatus,
    Registration,
    RegistrationExam,
)
from registrations.services import (
    registration_confirm,
    registration_expire,
    registration_pre_validate,
    registration_refuse,
    registration_submit,
    registration_withdraw,
)
from tests.factories import (
    CandidateFactory,
    CentreFactory,
    ExamFactory,
    SessionFactory,
    StaffFactory,
    offers_for,
)

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
CANDIDATES, CENTRES, EXAMS = 3, 2, 3


class RegistrationMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        # Each example runs in a transaction rolled back at teardown.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.now = NOW
        self.session = SessionFactory(
            registration_opens_at=NOW - datetime.timedelta(days=1),
            registration_closes_at=NOW + datetime.timedelta(days=60),
        )
        self.exams = [ExamFactory(code=f"X{uuid.uuid4().hex[:6]}") for _ in range(EXAMS)]
        self.centres = [CentreFactory() for _ in range(CENTRES)]
        for centre in self.centres:
            offers_for(centre=centre, session=self.session, exams=self.exams, capacity=2)
        self.staff = [StaffFactory(centre=centre) for centre in self.centres]
        self.candidates = [CandidateFactory() for _ in range(CANDIDATES)]

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _registration(self, index: int) -> Registration | None:
        registrations = list(Registration.objects.filter(session=self.session).order_by("pk"))
        return registrations[index % len(registrations)] if registrations else None

    def _attempt(self, action, **kwargs) -> None:
        # A refused move must change nothing: the invariants below check it.
        with contextlib.suppress(DomainError):
            action(**kwargs)

    @rule(
        candidate=st.integers(0, CANDIDATES - 1),
        centre=st.integers(0, CENTRES - 1),
        exams=st.sets(st.integers(0, EXAMS - 1), min_size=1),
    )
    def submit(self, candidate, centre, exams):
        self._attempt(
            registration_submit,
            candidate=self.candidates[candidate],
            session=self.session,
            centre=self.centres[centre],
            exams=[self.exams[i] for i in sorted(exams)],
            submission_key=uuid.uuid4(),
            actor=self.candidates[candidate].user,
            now=self.now,
        )

    @rule(index=st.integers(0, 20))
    def pre_validate(self, index):
        if registration := self._registration(index):
            staff = self.staff[self.centres.index(registration.centre)]
            self._attempt(
                registration_pre_validate, registration=registration, actor=staff, now=self.now
            )

    @rule(index=st.integers(0, 20))
    def refuse(self, index):
        if registration := self._registration(index):
            self._attempt(
                registration_refuse,
                registration=registration,
                actor=self.staff[0],
                now=self.now,
                reason="Complet",
            )

    @rule(index=st.integers(0, 20), exact=st.booleans())
    def pay(self, index, exact):
        if registration := self._registration(index):
            amount = registration.fee_per_exam * registration.lines.count()
            self._attempt(
                payment_record,
                registration=registration,
                actor=self.staff[0],
                now=self.now,
                amount=amount if exact else amount + Decimal("1.00"),
                method=Method.CHEQUE,
                received_on=self.now.date(),
            )

    @rule(index=st.integers(0, 20))
    def finance(self, index):
        if registration := self._registration(index):
            self._attempt(
                payment_record_financing,
                registration=registration,
                actor=self.staff[0],
                now=self.now,
                training_body="Greta",
            )

    @rule(index=st.integers(0, 20))
    def confirm(self, index):
        if registration := self._registration(index):
            self._attempt(
                registration_confirm, registration=registration, actor=self.staff[0], now=self.now
            )

    @rule(index=st.integers(0, 20))
    def withdraw(self, index):
        if registration := self._registration(index):
            self._attempt(
                registration_withdraw,
                registration=registration,
                actor=registration.candidate.user,
                now=self.now,
            )

    @rule(days=st.integers(1, 6))
    def time_passes(self, days):
        self.now += datetime.timedelta(days=days)

    @rule(index=st.integers(0, 20))
    def expire(self, index):
        if registration := self._registration(index):
            self._attempt(registration_expire, registration=registration, now=self.now)

    @invariant()
    def one_centre_at_a_time(self):
        centres_per_candidate = (
            Registration.objects.filter(session=self.session, status__in=ACTIVE_STATUSES)
            .values("candidate")
            .annotate(centres=Count("centre", distinct=True))
            .filter(centres__gt=1)
        )
        assert not centres_per_candidate.exists()

    @invariant()
    def no_exam_twice(self):
        requested = Q(registration__status__in=ACTIVE_STATUSES, status=LineStatus.REQUESTED)
        twice = (
            RegistrationExam.objects.filter(requested, session=self.session)
            .values("candidate", "exam")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        assert not twice.exists()

    @invariant()
    def seats_match_and_never_overflow(self):
        for offer in ExamOffer.objects.filter(session=self.session):
            held = offer.lines.filter(
                status=LineStatus.REQUESTED, registration__status__in=SEAT_HOLDING_STATUSES
            ).count()
            assert offer.seats_taken == held <= offer.capacity


def test_random_transitions_keep_invariants_1_to_3(db):
    run_state_machine_as_test(
        RegistrationMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
