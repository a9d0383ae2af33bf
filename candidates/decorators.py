"""Access to the candidate's own pages. Here, at the bottom of the apps that serve candidates,
so that every app above (registrations, deferrals) and candidates' own pages share it."""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from candidates.http import CandidateHttpRequest

P = ParamSpec("P")


def candidate_required(
    view: Callable[Concatenate[CandidateHttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Candidate pages: anonymous visitors go to « Se connecter », staff are refused."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        candidate = getattr(request.user, "candidate", None)
        if candidate is None:
            raise PermissionDenied("Cet espace est réservé aux candidats.")
        # login_required has let only a signed-in user through, and the candidate is set here.
        candidate_request = cast(CandidateHttpRequest, request)
        candidate_request.candidate = candidate
        return view(candidate_request, *args, **kwargs)

    return wrapper
