"""« Apply a service to each ticked row, then tell the user » (certifup.bulk), the one loop
behind the admin actions and the back-office's bulk pre-validation."""

import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from certifup.bulk import apply_to_each, message_outcome
from certifup.errors import DomainError


def _even_only(row: int) -> None:
    if row % 2:
        raise DomainError(f"{row} est impair.")


def _request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def test_each_row_succeeds_or_is_refused_on_its_own():
    outcome = apply_to_each([1, 2, 3, 4], _even_only)
    assert outcome.done == [2, 4]
    assert outcome.refused == [(1, "1 est impair."), (3, "3 est impair.")]


def test_an_error_that_is_not_a_refusal_is_a_bug_and_goes_up():
    with pytest.raises(ZeroDivisionError):
        apply_to_each([0], lambda row: 1 / row)


def test_messages_follow_the_rows_then_count_what_was_done():
    request = _request()
    outcome = apply_to_each([1, 2, 4], _even_only)
    message_outcome(request, outcome, name=lambda row: f"n°{row}", count_done="{count} fait(s).")
    shown = [(message.level, message.message) for message in get_messages(request)]
    assert shown == [(ERROR, "n°1 : 1 est impair."), (SUCCESS, "2 fait(s).")]


def test_messages_can_name_each_row_done_and_say_nothing_when_nothing_was_done():
    request = _request()
    message_outcome(request, apply_to_each([2, 3], _even_only), each_done="ok.")
    assert [m.message for m in get_messages(request)] == ["2 : ok.", "3 : 3 est impair."]
    request = _request()
    message_outcome(request, apply_to_each([3], _even_only), count_done="{count}")
    assert [m.level for m in get_messages(request)] == [ERROR]
