"""The candidate's journey: steps 4 to 8 of the seed, then « Mes inscriptions »."""

import uuid
from functools import partial, wraps
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from candidates.decorators import candidate_required
from candidates.http import CandidateHttpRequest
from candidates.verification import email_unverified_message
from centres.models import Centre, Session
from certifup.confirmation import is_confirmed
from certifup.errors import DomainError
from certifup.ids import parse_id
from certifup.pagination import page_with_count
from registrations import alerts, selectors, services, waiting
from registrations.eligibility import clash_refusal
from registrations.forms import DetailsForm, NoCentreAlertForm, SearchForm
from registrations.invariants import Standing
from registrations.models import SEAT_HOLDING_STATUSES, Registration
from registrations.money import price
from registrations.states import move_refusal

CENTRES_PER_PAGE = 20


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    session = selectors.session_open_for_registration(now=now)
    context = {"session": session}
    if session is None:
        context["next_session"] = selectors.session_next_opening(now=now)
    return render(request, "home.html", context)


def open_session_required(view):
    """Steps that make a request need the registration window open (invariant 5): the view
    gets the open session as its second argument, or the visitor the « closed » page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        now = timezone.now()
        session = selectors.session_open_for_registration(now=now)
        if session is None:
            context = {
                "next_session": selectors.session_next_opening(now=now),
                "reader": getattr(request, "candidate", None),
            }
            return render(request, "registrations/closed.html", context)
        return view(request, session, *args, **kwargs)

    return wrapper


def _search_form(data=None, *, standing: Standing | None = None) -> SearchForm:
    return SearchForm(data, exams=selectors.exams_catalogue(), standing=standing)


def _start_page(request: CandidateHttpRequest, session: Session, form: SearchForm) -> HttpResponse:
    """The exam choice, with what is already blocked said before any click: the exams of an
    active request, the centre every request of the session goes to, an unverified address."""
    context = {
        "session": session,
        "form": form,
        "standing": form.standing,
        "unverified": request.candidate.email_verified_at is None,
        "start_url": reverse("registrations:start"),
    }
    return render(request, "registrations/start.html", context)


@require_GET
@candidate_required
@open_session_required
def start(request: CandidateHttpRequest, session: Session) -> HttpResponse:
    """« Faire une demande d'inscription » : choose the exams and the département."""
    standing = selectors.candidate_standing(candidate=request.candidate, session=session)
    form = _search_form(standing=standing)
    form.initial = {"examens": request.GET.getlist("examens"), **request.GET.dict()}
    if standing.centre is not None and "departement" not in request.GET:
        # Invariant 1: a new request of this session goes to the same centre.
        form.initial["departement"] = standing.centre.department_id
    return _start_page(request, session, form)


@require_GET
@candidate_required
@open_session_required
def centres(request: CandidateHttpRequest, session: Session) -> HttpResponse:
    """Step 6: the accredited centres offering every chosen exam, with their software. With a
    request active in the session, only its centre can be chosen (invariant 1)."""
    standing = selectors.candidate_standing(candidate=request.candidate, session=session)
    form = _search_form(request.GET, standing=standing)
    if not form.is_valid():
        return _start_page(request, session, form)
    exams = list(form.cleaned_data["examens"])
    department = form.cleaned_data["departement"]
    found = selectors.centres_offering(
        session=session,
        exams=exams,
        department=department,
        software=form.cleaned_data["logiciel"],
    )
    # A busy département has hundreds of centres: a page of them at a time.
    page = page_with_count(found, request.GET.get("page"), per_page=CENTRES_PER_PAGE)
    query = request.GET.copy()
    query.pop("departement", None)
    query.pop("page", None)
    this_search = request.GET.copy()
    this_search.pop("page", None)
    context = {
        "session": session,
        "form": form,
        "exams": exams,
        "department": department,
        "page": page,
        "centres": selectors.centres_with_offers(page.object_list, session=session, exams=exams),
        "search_query": this_search.urlencode(),
        "exam_query": "&".join(f"examens={exam.code}" for exam in exams),
        "widen_query": query.urlencode(),
        "standing": standing,
        "hold_hours": settings.WAITING_LIST_HOLD_HOURS,
        # Reversed once, not on every card.
        "details_url": reverse("registrations:details"),
        "waiting_join_url": reverse("registrations:waiting_join"),
    }
    return render(request, "registrations/centres.html", context)


def _chosen(data) -> tuple[Centre, list]:
    """The centre and exams carried from the search, re-checked against the catalogue."""
    form = _search_form(data)
    if not form.is_valid():
        raise Http404("Épreuves inconnues pour cette session.")
    centre = get_object_or_404(Centre, pk=parse_id(data.get("centre")), is_accredited=True)
    return centre, list(form.cleaned_data["examens"])


@require_http_methods(["GET", "POST"])
@candidate_required
@open_session_required
def details(request: CandidateHttpRequest, session: Session) -> HttpResponse:
    """Step 7 then 8: the form, a summary to check, then « Soumettre »."""
    data = request.POST if request.method == "POST" else request.GET
    centre, exams = _chosen(data)
    candidate = request.candidate
    # Read for a page that is rendered, not by « Soumettre »: the service checks invariants 1
    # and 2 under the candidate's lock, and its refusal is what the page then says.
    read = partial(selectors.candidate_standing, candidate=candidate, session=session)
    standing = cast(Standing, SimpleLazyObject(read))
    locked = selectors.candidate_identity_locked(candidate=candidate)
    if request.method == "GET":
        form = DetailsForm(
            instance=candidate,
            identity_locked=locked,
            initial={"submission_key": uuid.uuid4()},
        )
    else:
        form = DetailsForm(request.POST, instance=candidate, identity_locked=locked)
    context = {
        "session": session,
        "centre": centre,
        "exams": exams,
        "form": form,
        "amount": price(fee_per_exam=session.fee_per_exam, exams=len(exams)),
        # Said on the form and instead of the summary; « Soumettre » gets it from the service.
        "blocked": SimpleLazyObject(lambda: _blocked(standing, centre=centre, exams=exams)),
        "standing": standing,
        # Read only when a page is rendered, not on the « Soumettre » that redirects.
        "offers": SimpleLazyObject(
            lambda: selectors.offers_at(centre=centre, session=session, exams=exams)
        ),
    }
    if "soumettre" not in request.POST and context["blocked"]:
        return render(request, "registrations/details.html", context)
    if request.method == "GET" or "modifier" in request.POST or not form.is_valid():
        return render(request, "registrations/details.html", context)
    if "soumettre" not in request.POST:
        return render(request, "registrations/summary.html", context)
    return _submit(request, context)


def _blocked(standing: Standing, *, centre: Centre, exams: list) -> str:
    clash = standing.clash(centre_id=centre.pk, exam_ids=[exam.pk for exam in exams])
    return clash_refusal(clash=clash) if clash is not None else ""


def _submit(request: CandidateHttpRequest, context: dict) -> HttpResponse:
    form = context["form"]
    key = form.cleaned_data["submission_key"]
    candidate = request.candidate
    unverified = email_unverified_message(candidate=candidate, email=form.cleaned_data["email"])
    if unverified:
        form.add_error(None, unverified)
        if candidate.email_verified_at is None:
            context["resend_verification_next"] = _details_url(request)
        return render(request, "registrations/details.html", context)
    try:
        registration, new = services.registration_submit_once(
            candidate=candidate,
            session=context["session"],
            centre=context["centre"],
            exams=context["exams"],
            submission_key=key,
            actor=request.user,
            now=timezone.now(),
            details=form.cleaned_data,
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return render(request, "registrations/details.html", context)
    if not new:  # a double « Soumettre »: the request as it was, nothing changed
        messages.info(request, "Cette demande avait déjà été soumise : la voici.")
        return redirect("registrations:detail", pk=registration.pk)
    messages.success(
        request,
        "Votre demande d'inscription est soumise. Le centre d'épreuves la pré-valide ou la "
        "refuse selon les places disponibles ; vous suivez son avancée ici.",
    )
    return redirect("registrations:detail", pk=registration.pk)


def _details_url(request: HttpRequest) -> str:
    """Back to this form after « Renvoyer le lien »: the chosen centre and exams."""
    query = QueryDict(mutable=True)
    query["centre"] = request.POST.get("centre", "")
    query.setlist("examens", request.POST.getlist("examens"))
    return f"{reverse('registrations:details')}?{query.urlencode()}"


@require_http_methods(["GET", "POST"])
@candidate_required
@open_session_required
def no_centre(request: CandidateHttpRequest, session: Session) -> HttpResponse:
    """« Si vous ne trouvez aucun centre pour vous accueillir, veuillez nous alerter »."""
    data = request.POST if request.method == "POST" else request.GET
    search = _search_form(data)
    if not search.is_valid():
        return _start_page(request, session, search)
    form = NoCentreAlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        alerts.no_centre_alert_create(
            candidate=request.candidate,
            session=session,
            exams=search.cleaned_data["examens"],
            department=search.cleaned_data["departement"],
            message=form.cleaned_data["message"],
            now=timezone.now(),
        )
        messages.success(
            request,
            "Votre alerte est transmise à l'UPPCTSC, qui vous répondra par e-mail.",
        )
        return redirect("registrations:mine")
    context = {"session": session, "search": search, "form": form}
    return render(request, "registrations/no_centre.html", context)


@require_GET
@candidate_required
def mine(request: CandidateHttpRequest) -> HttpResponse:
    registrations = selectors.registrations_for_candidate(candidate=request.candidate)
    context = {
        "registrations": registrations,
        "waiting": selectors.waiting_for_candidate(candidate=request.candidate),
    }
    return render(request, "registrations/mine.html", context)


@require_GET
@candidate_required
def detail(request: CandidateHttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_for_candidate(candidate=request.candidate, pk=pk)
    return render(request, "registrations/detail.html", {"registration": registration})


@require_POST
@candidate_required
def withdraw(request: CandidateHttpRequest, pk: int) -> HttpResponse:
    """« Retirer ma demande » frees the seats and mails the centre: it asks first."""
    registration = selectors.registration_for_candidate(candidate=request.candidate, pk=pk)
    if not is_confirmed(request):
        return _withdraw_confirmation(request, registration)
    try:
        services.registration_withdraw(
            registration=registration, actor=request.user, now=timezone.now()
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Votre demande est retirée. Vous pouvez en faire une autre.")
    return redirect(reverse("registrations:detail", kwargs={"pk": registration.pk}))


def _withdraw_confirmation(
    request: CandidateHttpRequest, registration: Registration
) -> HttpResponse:
    """The page that asks first; a request that can no longer be withdrawn gets the refusal
    instead, without calling the service: an unconfirmed POST never changes anything."""
    detail = reverse("registrations:detail", kwargs={"pk": registration.pk})
    refusal = move_refusal(registration, "withdraw")
    if refusal is not None:
        messages.error(request, refusal)
        return redirect(detail)
    context = {
        "registration": registration,
        "holds_seats": registration.status in SEAT_HOLDING_STATUSES,
        "action_url": reverse("registrations:withdraw", kwargs={"pk": registration.pk}),
        "cancel_url": detail,
    }
    return render(request, "registrations/withdraw.html", context)


@require_POST
@candidate_required
@open_session_required
def waiting_join(request: CandidateHttpRequest, session: Session) -> HttpResponse:
    """« M'inscrire sur la liste d'attente » of a full centre, for the chosen exams."""
    centre, exams = _chosen(request.POST)
    try:
        waiting.waiting_join(
            candidate=request.candidate,
            session=session,
            centre=centre,
            exams=exams,
            now=timezone.now(),
        )
    except DomainError as error:
        messages.error(request, error.message)
        query = "&".join(f"examens={exam.code}" for exam in exams)
        return redirect(f"{reverse('registrations:centres')}?{query}")
    messages.success(
        request,
        f"Vous êtes sur la liste d'attente du centre « {centre.name} ». Si des places se "
        "libèrent, elles vous sont réservées et vous êtes prévenu(e) par e-mail.",
    )
    return redirect("registrations:mine")


@require_POST
@candidate_required
def waiting_leave(request: CandidateHttpRequest, pk: int) -> HttpResponse:
    """« Quitter la liste d'attente »: asks first, then frees any seats held."""
    entry = selectors.waiting_entry_for_candidate(candidate=request.candidate, pk=pk)
    if not is_confirmed(request):
        context = {
            "entry": entry,
            "action_url": reverse("registrations:waiting_leave", kwargs={"pk": entry.pk}),
            "cancel_url": reverse("registrations:mine"),
        }
        return render(request, "registrations/waiting_leave.html", context)
    try:
        waiting.waiting_leave(entry=entry, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Vous avez quitté la liste d'attente du centre « {entry.centre.name} »."
        )
    return redirect("registrations:mine")
