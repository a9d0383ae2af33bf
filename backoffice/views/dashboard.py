from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from backoffice import selectors
from backoffice.views.auth import StaffHttpRequest, centre_staff_required


@require_GET
@centre_staff_required
def dashboard(request: StaffHttpRequest) -> HttpResponse:
    now = timezone.now()
    context = {
        **selectors.dashboard_counts(request.user, now=now),
        "offers": selectors.open_session_offers(request.user, now=now),
        "pending_corrections": selectors.pending_correction_count(request.user),
        "now": now,
    }
    return render(request, "centre/dashboard.html", context)
