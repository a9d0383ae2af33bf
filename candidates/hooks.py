"""Two questions candidates asks about a candidate's registration requests: is their identity
locked (it goes to certificates once they have asked), and which centre handles the errors
they report. Registrations builds on candidates and owns the answers: it registers them when
it starts (RegistrationsConfig.ready), so that candidates never imports it."""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

from candidates.models import Candidate
from centres.models import Centre

_answers: dict[str, Callable] = {}


def register(
    *,
    identity_locked: Callable[[Candidate], bool],
    handling_centre: Callable[[Candidate], Centre | None],
) -> None:
    _answers.update(identity_locked=identity_locked, handling_centre=handling_centre)


def _answer(name: str) -> Callable:
    try:
        return _answers[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"No answer to candidates.hooks.{name}: is registrations in INSTALLED_APPS?"
        ) from None


def identity_locked(candidate: Candidate) -> bool:
    return _answer("identity_locked")(candidate)


def handling_centre(candidate: Candidate) -> Centre | None:
    """The centre of the candidate's active request, else None: UPPCTSC."""
    return _answer("handling_centre")(candidate)
