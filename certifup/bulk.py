"""« Apply a service to each ticked row, then tell the user », written once for the admin
actions and the back-office. Each row succeeds or is refused on its own (the service runs its
own transaction), and the user reads which rows were refused and why."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.contrib import messages
from django.http import HttpRequest

from certifup.errors import DomainError

Row = TypeVar("Row")


@dataclass
class BulkOutcome(Generic[Row]):
    # Every row in the order it was tried, with the refusal's French message (None: done), so
    # the messages keep the order of the rows.
    results: list[tuple[Row, str | None]] = field(default_factory=list)

    @property
    def done(self) -> list[Row]:
        return [row for row, refusal in self.results if refusal is None]

    @property
    def refused(self) -> list[tuple[Row, str]]:
        return [(row, refusal) for row, refusal in self.results if refusal is not None]


def apply_to_each(rows: Iterable[Row], action: Callable[[Row], object]) -> BulkOutcome[Row]:
    """A ``DomainError`` refuses its row, with its text written for the user; any other error
    is a bug and goes up."""
    outcome: BulkOutcome[Row] = BulkOutcome()
    for row in rows:
        try:
            action(row)
        except DomainError as error:
            outcome.results.append((row, error.message))
        else:
            outcome.results.append((row, None))
    return outcome


def message_outcome(
    request: HttpRequest,
    outcome: BulkOutcome[Row],
    *,
    name: Callable[[Row], str] = str,
    each_done: str = "",
    count_done: str = "",
) -> None:
    """« name : why » for each refused row, in the rows' order; for the rows done, either
    « name : each_done » each, or ``count_done`` once, formatted with their ``count``. The
    admin's ``message_user`` is ``messages.add_message``: both sides use this."""
    for row, refusal in outcome.results:
        if refusal is not None:
            messages.error(request, f"{name(row)} : {refusal}")
        elif each_done:
            messages.success(request, f"{name(row)} : {each_done}")
    if count_done and outcome.done:
        messages.success(request, count_done.format(count=len(outcome.done)))
