"""The request page's actions. Each one calls a service; a refusal is shown on the page in
French (a message, or the form again with its error) and nothing changes."""

from collections.abc import Callable

from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from backoffice import selectors
from backoffice.forms import FinancingForm, PaymentForm, ReasonForm
from backoffice.views.auth import StaffHttpRequest, centre_staff_required
from backoffice.views.requests import request_context
from certifup.bulk import apply_to_each, message_outcome
from certifup.confirmation import is_confirmed
from certifup.errors import DomainError
from certifup.ids import parse_ids
from payments.services import payment_record, payment_record_financing
from registrations import services
from registrations.models import Registration
from registrations.states import move_refusal


def _back(registration_id: int) -> HttpResponse:
    return redirect("centre:request", registration_id=registration_id)


def _page_with(
    request: StaffHttpRequest, registration: Registration, error: str = "", /, **forms: Form
) -> HttpResponse:
    """The request page again, with the input kept. A service's refusal goes to the messages
    at the top: it may concern a state in which the form is no longer shown."""
    if error:
        messages.error(request, error)
    context = request_context(request, registration, **forms)
    return render(request, "centre/request.html", context, status=400)


def _act(
    request: StaffHttpRequest,
    registration: Registration,
    service: Callable[..., object],
    success: str,
    **form: Form,
) -> HttpResponse:
    """One action on the request page, through its service. ``form`` is the action's own form
    under its name on the page (``refuse_form=…``), if it has one: its fields are the service's
    arguments, and an invalid form or the service's refusal shows the page again with the input
    kept (400). A button without a form goes back to the page with the refusal as a message."""
    data = {}
    for bound in form.values():
        if not bound.is_valid():
            return _page_with(request, registration, **form)
        data.update(bound.cleaned_data)
    try:
        service(registration=registration, actor=request.user, now=timezone.now(), **data)
    except DomainError as error:
        if form:
            return _page_with(request, registration, error.message, **form)
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return _back(registration.pk)


@require_POST
@centre_staff_required
def pre_validate(request: StaffHttpRequest, registration_id: int) -> HttpResponse:
    registration = selectors.registration_for_centre_staff(request.user, registration_id)
    success = f"Demande {registration.reference} pré-validée."
    return _act(request, registration, services.registration_pre_validate, success)


@require_POST
@centre_staff_required
def bulk_pre_validate(request: StaffHttpRequest) -> HttpResponse:
    """Pre-validate the ticked requests one by one: each succeeds or fails on its own."""
    ids = parse_ids(request.POST.getlist("demandes"))
    if ids is None:
        messages.error(
            request,
            "La sélection envoyée est illisible : rien n'a été pré-validé. "
            "Rechargez la page et cochez à nouveau les demandes.",
        )
        return redirect("centre:requests")
    if not ids:
        messages.error(request, "Cochez au moins une demande à pré-valider.")
    registrations = selectors.registrations_for_centre_staff(request.user).filter(pk__in=ids)

    def pre_validate(registration: Registration) -> Registration:
        return services.registration_pre_validate(
            registration=registration, actor=request.user, now=timezone.now()
        )

    rows = registrations.order_by("submitted_at", "pk")
    outcome = apply_to_each(rows, pre_validate)
    message_outcome(request, outcome, name=_reference, each_done="pré-validée.")
    return redirect("centre:requests")


def _reference(registration: Registration) -> str:
    return registration.reference


@require_POST
@centre_staff_required
def refuse(request: StaffHttpRequest, registration_id: int) -> HttpResponse:
    """The reason is checked first; the confirmation page then carries it."""
    registration = selectors.registration_for_centre_staff(request.user, registration_id)
    success = f"Demande {registration.reference} refusée."
    form = ReasonForm(request.POST)
    if not is_confirmed(request) and form.is_valid():
        reason = form.cleaned_data["reason"]
        return _ask_first(request, registration, "refuse", reason=reason, refuse_form=form)
    return _act(request, registration, services.registration_refuse, success, refuse_form=form)


@require_POST
@centre_staff_required
def record_payment(request: StaffHttpRequest, registration_id: int) -> HttpResponse:
    registration = selectors.registration_for_centre_staff(request.user, registration_id)
    zone = registration.centre.department.territory.timezone
    form = PaymentForm(request.POST, today=timezone.localdate(timezone=zone))
    success = f"Règlement enregistré pour la demande {registration.reference}."
    return _act(request, registration, payment_record, success, payment_form=form)


@require_POST
@centre_staff_required
def record_financing(request: StaffHttpRequest, registration_id: int) -> HttpResponse:
    registration = selectors.registration_for_centre_staff(request.user, registration_id)
    form = FinancingForm(request.POST)
    success = "Prise en charge par la formation enregistrée."
    return _act(request, registration, payment_record_financing, success, financing_form=form)


@require_POST
@centre_staff_required
def confirm(request: StaffHttpRequest, registration_id: int) -> HttpResponse:
    registration = selectors.registration_for_centre_staff(request.user, registration_id)
    if not is_confirmed(request):
        return _ask_first(request, registration, "confirm")
    success = f"Inscription {registration.reference} validée définitivement."
    return _act(request, registration, services.registration_confirm, success)


def _ask_first(
    request: StaffHttpRequest,
    registration: Registration,
    action: str,
    *,
    reason: str = "",
    **form: Form,
) -> HttpResponse:
    """The page that says what ``action`` will do and asks for « Confirmer ». A move the
    request's status no longer allows gets its refusal instead, as ``_act`` shows it: an
    unconfirmed POST never calls the service, so it never changes anything."""
    refusal = move_refusal(registration, action)
    if refusal is not None:
        if form:
            return _page_with(request, registration, refusal, **form)
        messages.error(request, refusal)
        return _back(registration.pk)
    context = {
        "registration": registration,
        "action": action,
        "reason": reason,
        "hidden": [("reason", reason)] if reason else [],
        "action_url": reverse(f"centre:{action}", kwargs={"registration_id": registration.pk}),
        "cancel_url": reverse("centre:request", kwargs={"registration_id": registration.pk}),
    }
    return render(request, "centre/confirm_action.html", context)


@require_http_methods(["GET", "POST"])
@centre_staff_required
def remove_exam(request: StaffHttpRequest, registration_id: int, line_id: int) -> HttpResponse:
    """« Retirer une épreuve » asked by mistake: a confirmation page with the reason."""
    line = selectors.line_for_centre_staff(
        request.user, registration_pk=registration_id, pk=line_id
    )
    form = ReasonForm(request.POST or None)
    context = {"line": line, "registration": line.registration, "form": form}
    if request.method == "GET" or not form.is_valid():
        return render(request, "centre/remove_exam.html", context)
    try:
        services.registration_remove_exam(
            line=line, actor=request.user, now=timezone.now(), reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return render(request, "centre/remove_exam.html", context, status=400)
    messages.success(request, f"Épreuve {line.exam.code} retirée de la demande.")
    return _back(registration_id)
