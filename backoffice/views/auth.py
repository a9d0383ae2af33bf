from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, cast

from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse

from backoffice.forms import StaffLoginForm
from backoffice.selectors import centres_for_staff, remember_staff_centres
from candidates.http import AuthenticatedHttpRequest
from centres.models import Centre

P = ParamSpec("P")


class StaffHttpRequest(AuthenticatedHttpRequest):
    """What a back-office view receives (an annotation: see candidates/http.py)."""

    staff_centres: list[Centre]


def centre_staff_required(
    view: Callable[Concatenate[StaffHttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Anonymous visitors go to the staff login; a signed-in user who works for no centre
    (a candidate, UPPCTSC staff without a centre) is refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("centre:login"))
        centres = list(centres_for_staff(request.user))
        if not centres:
            raise PermissionDenied("Cet espace est réservé au personnel des centres d'épreuves.")
        remember_staff_centres(request.user, centres)
        # The user is signed in (checked above) and their centres are set here.
        staff_request = cast(StaffHttpRequest, request)
        staff_request.staff_centres = centres
        return view(staff_request, *args, **kwargs)

    return wrapper


class StaffLoginView(auth_views.LoginView):
    template_name = "centre/login.html"
    authentication_form = StaffLoginForm

    def get_default_redirect_url(self) -> str:
        return reverse("centre:dashboard")
