"""The French 400 page, answered even when the request's body cannot be read.

Django's own ``handler400`` is wrapped in ``requires_csrf_token``, which re-runs the CSRF check
and so reads ``request.POST`` again. When the body was the bad input (a form declaring
``charset=latin-1`` or ``utf-32``: Django refuses any form that is not UTF-8), that second
read raises the same ``BadRequest``, the 500 handler (wrapped the same way) raises it a third
time, and gunicorn answers its bare English « Internal Server Error ». This page needs no CSRF
check: it has no form of its own, and the logout form of the header gets its token from the
cookie.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)
