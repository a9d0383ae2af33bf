"""Access to the candidate's own pages. Here, at the bottom of the apps that serve candidates,
so that every app above (registrations, deferrals) and candidates' own pages share it."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def candidate_required(view):
    """Candidate pages: anonymous visitors go to « Se connecter », staff are refused."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        candidate = getattr(request.user, "candidate", None)
        if candidate is None:
            raise PermissionDenied("Cet espace est réservé aux candidats.")
        request.candidate = candidate
        return view(request, *args, **kwargs)

    return wrapper
