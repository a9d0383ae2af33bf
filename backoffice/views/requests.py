from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from backoffice import rows, selectors
from backoffice.forms import (
    FinancingForm,
    PaymentForm,
    ReasonForm,
    RequestFilterForm,
)
from backoffice.views.auth import StaffHttpRequest, centre_staff_required
from backoffice.views.corrections import with_values
from registrations.models import Registration
from registrations.money import registration_amounts

PAGE_SIZE = 50


@require_GET
@centre_staff_required
def request_list(request: StaffHttpRequest) -> HttpResponse:
    form = RequestFilterForm(
        request.GET or None, sessions=selectors.sessions_for_centre_staff(request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    registrations = selectors.registration_list(
        request.user,
        session=filters.get("session"),
        status=filters.get("statut", ""),
        exam=filters.get("epreuve"),
        search=filters.get("q", "").strip(),
    )
    page, request_rows = rows.request_page(
        registrations,
        request.GET.get("page"),
        per_page=PAGE_SIZE,
        centres=request.staff_centres,
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": request_rows, "query": query.urlencode()}
    return render(request, "centre/requests.html", context)


@require_GET
@centre_staff_required
def request_detail(request: StaffHttpRequest, registration_id: int) -> HttpResponse:
    registration = selectors.registration_for_centre_staff(request.user, registration_id)
    return render(request, "centre/request.html", request_context(request, registration))


def request_context(request: HttpRequest, registration: Registration, **forms) -> dict:
    """The request page, with its action forms (bound ones passed in to show their errors)."""
    candidate = registration.candidate
    today = timezone.localdate(timezone=registration.centre.department.territory.timezone)
    payment_form = PaymentForm(
        initial={"amount": registration_amounts(registration).due, "received_on": today},
        today=today,
    )
    return {
        "registration": registration,
        "candidate": candidate,
        "corrections": selectors.corrections_of(candidate),
        "correction_requests": with_values(
            selectors.correction_requests_of_registration(registration)
        ),
        "refuse_form": ReasonForm(),
        "payment_form": payment_form,
        "financing_form": FinancingForm(initial={"training_body": candidate.training_body}),
        **forms,
    }
