"""The request the admin lists are loaded with."""

import pytest

from tests.factories import submit


@pytest.fixture
def request_a(candidate, centre_a, session, exams, now):
    """A submitted request for E1 + E2 at centre A."""
    return submit(candidate, centre_a, session, exams[:2], now)
