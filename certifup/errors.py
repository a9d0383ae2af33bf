"""The project's errors: the one domain error every service raises, and the French 400 page.

``DomainError`` is the refusal of a move the rules do not allow. Every app's services raise it
(the core is the bottom layer, so every app may import it), and a view or an admin action
catches this one type and shows the message as it is. A subclass exists only where a caller
tells the case apart: ``NoSeatLeft`` (a carry-over words its own refusal for UPPCTSC) and
``DuplicateIdentityError`` (sign-up mails the existing account's holder instead).

The 400 page is answered even when the request's body cannot be read. Django's own
``handler400`` is wrapped in ``requires_csrf_token``, which re-runs the CSRF check and so reads
``request.POST`` again. When the body was the bad input (a form declaring
``charset=latin-1`` or ``utf-32``: Django refuses any form that is not UTF-8), that second
read raises the same ``BadRequest``, the 500 handler (wrapped the same way) raises it a third
time, and gunicorn answers its bare English « Internal Server Error ». This page needs no CSRF
check: it has no form of its own, and the logout form of the header gets its token from the
cookie.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class DomainError(Exception):
    """A move the rules do not allow, refused before anything changed. The message is French
    and shown as it is to whoever asked: the candidate, centre staff or UPPCTSC."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)
