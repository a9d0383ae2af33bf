"""Centre A's objects in every state an action needs, for the back-office tests."""

import pytest

from tests.factories import submit


@pytest.fixture
def request_a(candidate, centre_a, session, exams, now):
    """A submitted request for E1 + E2 at centre A."""
    return submit(candidate, centre_a, session, exams[:2], now)


@pytest.fixture
def request_b(other_candidate, centre_b, session, exams, now):
    return submit(other_candidate, centre_b, session, exams[:2], now)


@pytest.fixture
def staff_client(client, staff_a):
    client.force_login(staff_a)
    return client
