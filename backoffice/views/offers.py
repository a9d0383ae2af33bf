from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from backoffice import selectors
from backoffice.forms import OfferForm
from backoffice.services import exam_offer_update
from backoffice.views.auth import StaffHttpRequest, centre_staff_required
from certifup.errors import DomainError
from registrations.selectors import NO_WAITING, offers_waiting_counts


@require_GET
@centre_staff_required
def offer_list(request: StaffHttpRequest) -> HttpResponse:
    offers = list(selectors.offers_for_centre_staff(request.user))
    waiting = offers_waiting_counts(offer.pk for offer in offers)
    rows = [(offer, waiting.get(offer.pk, NO_WAITING)) for offer in offers]
    return render(request, "centre/offers.html", {"rows": rows, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
@centre_staff_required
def offer_edit(request: StaffHttpRequest, offer_id: int) -> HttpResponse:
    offer = selectors.offer_for_centre_staff(request.user, offer_id)
    initial = {"capacity": offer.capacity, "software": list(offer.software.all())}
    form = OfferForm(request.POST or None, initial=initial)
    waiting = offers_waiting_counts([offer.pk]).get(offer.pk, NO_WAITING)
    context = {"offer": offer, "form": form, "waiting": waiting}
    if request.method == "GET" or not form.is_valid():
        return render(request, "centre/offer.html", context)
    try:
        exam_offer_update(offer=offer, actor=request.user, now=timezone.now(), **form.cleaned_data)
    except DomainError as error:
        form.add_error(None, error.message)
        return render(request, "centre/offer.html", context, status=400)
    messages.success(request, f"Épreuve {offer.exam.code} mise à jour.")
    return redirect("centre:offers")
