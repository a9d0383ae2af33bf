"""The status and event labels the lists show read the same as Django's ``get_FOO_display``,
which they replace on every row for its cost."""

import pytest

from registrations.models import (
    EventKind,
    LineStatus,
    Registration,
    RegistrationEvent,
    RegistrationExam,
    Status,
)


@pytest.mark.parametrize("value", [*Status.values, "inconnu"])
def test_a_request_status_reads_as_django_displays_it(value):
    registration = Registration(status=value)
    assert str(registration.status_label) == registration.get_status_display()


@pytest.mark.parametrize("value", [*LineStatus.values, "inconnu"])
def test_a_line_status_reads_as_django_displays_it(value):
    line = RegistrationExam(status=value)
    assert str(line.status_label) == line.get_status_display()


@pytest.mark.parametrize("kind", [*EventKind.values, "inconnu"])
@pytest.mark.parametrize("to_status", [*Status.values, ""])
def test_an_event_reads_as_django_displays_it(kind, to_status):
    event = RegistrationEvent(kind=kind, to_status=to_status)
    assert str(event.kind_label) == event.get_kind_display()
    assert str(event.to_status_label) == event.get_to_status_display()
