"""The candidate's request every registration test starts from, and a full centre for the
waiting-list tests."""

import pytest

from registrations.models import Status
from tests.factories import (
    CandidateFactory,
    CentreFactory,
    StaffFactory,
    advance,
    offers_for,
    submit,
)


@pytest.fixture
def request_a(candidate, centre_a, session, exams, now):
    """The candidate's request for E1 and E2 at centre A."""
    return submit(candidate, centre_a, session, exams[:2], now)


@pytest.fixture
def gauguin(session, exams, now):
    """E1 (1 seat) taken by a pre-validated request; its staff."""
    centre = CentreFactory(name="Lycée Gauguin")
    offers_for(centre=centre, session=session, exams=exams[:1], capacity=1)
    staff = StaffFactory(centre=centre)
    holder = submit(CandidateFactory(), centre, session, exams[:1], now)
    advance(holder, to=Status.PRE_VALIDATED, actor=staff, now=now)
    return centre, staff, holder
