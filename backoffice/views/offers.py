from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from backoffice import selectors
from backoffice.forms import OfferForm
from backoffice.services import exam_offer_update
from backoffice.views.auth import centre_staff_required
from certifup.errors import DomainError


@require_GET
@centre_staff_required
def offer_list(request: HttpRequest) -> HttpResponse:
    offers = selectors.offers_for_centre_staff(request.user)
    return render(request, "centre/offers.html", {"offers": offers, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
@centre_staff_required
def offer_edit(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = selectors.offer_for_centre_staff(request.user, offer_id)
    initial = {"capacity": offer.capacity, "software": list(offer.software.all())}
    form = OfferForm(request.POST or None, initial=initial)
    context = {"offer": offer, "form": form}
    if request.method == "GET" or not form.is_valid():
        return render(request, "centre/offer.html", context)
    try:
        exam_offer_update(offer=offer, actor=request.user, now=timezone.now(), **form.cleaned_data)
    except DomainError as error:
        form.add_error(None, error.message)
        return render(request, "centre/offer.html", context, status=400)
    messages.success(request, f"Épreuve {offer.exam.code} mise à jour.")
    return redirect("centre:offers")
