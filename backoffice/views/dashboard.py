from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from backoffice import rows, selectors
from backoffice.views.auth import StaffHttpRequest, centre_staff_required


@require_GET
@centre_staff_required
def dashboard(request: StaffHttpRequest) -> HttpResponse:
    now = timezone.now()
    waiting, due = rows.request_tables(
        list(selectors.dashboard_requests(request.user, now=now)),
        centres=request.staff_centres,
    )
    context = {
        "waiting": waiting.rows,
        "waiting_count": waiting.total,
        "due": due.rows,
        "due_count": due.total,
        "offers": selectors.open_session_offers(request.user, now=now),
        "pending_corrections": selectors.pending_correction_count(request.user),
        "now": now,
    }
    return render(request, "centre/dashboard.html", context)
