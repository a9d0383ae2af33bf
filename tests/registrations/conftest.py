"""The candidate's request every registration test starts from."""

import pytest

from tests.factories import submit


@pytest.fixture
def request_a(candidate, centre_a, session, exams, now):
    """The candidate's request for E1 and E2 at centre A."""
    return submit(candidate, centre_a, session, exams[:2], now)
