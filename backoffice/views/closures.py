"""The centre's own closures: declared here for one of the staff member's centres, listed with
those UPPCTSC declared for its département or for every centre. The service pushes back the
payment deadlines a closure overlaps and tells the candidates."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from backoffice import selectors
from backoffice.forms import ClosureForm
from backoffice.views.auth import StaffHttpRequest, centre_staff_required
from certifup.errors import DomainError
from registrations.closures import closure_declare


@require_http_methods(["GET", "POST"])
@centre_staff_required
def closure_list(request: StaffHttpRequest) -> HttpResponse:
    form = ClosureForm(request.POST or None, centres=request.staff_centres)
    if request.method == "POST" and form.is_valid():
        try:
            closure = closure_declare(actor=request.user, now=timezone.now(), **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Fermeture enregistrée : {closure}.")
            return redirect("centre:closures")
    context = {"form": form, "closures": selectors.closures_for_centre_staff(request.user)}
    return render(request, "centre/closures.html", context, status=400 if form.errors else 200)


@require_GET
@centre_staff_required
def closure_detail(request: StaffHttpRequest, closure_id: int) -> HttpResponse:
    closure = selectors.closure_for_centre_staff(request.user, closure_id)
    return render(request, "centre/closure.html", {"closure": closure})
