"""A page that meets a département the calendar cannot serve answers in French, not with a 500.

The database constraint keeps such codes out of `Department`; this is for the row that got in
anyway (a restored dump, a hand-made SQL fix). Deadlines cannot be computed there, so the page
says which code is wrong and the error is logged for UPPCTSC to fix the catalogue.
"""

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from centres.territories import UnknownDepartment

logger = logging.getLogger(__name__)


class UnknownDepartmentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, UnknownDepartment):
            return None
        logger.error("Unknown département on %s: %s", request.path, exception)
        # 503: the page is unavailable until the catalogue is corrected, not the visitor's fault.
        return render(request, "unknown_department.html", {"reason": str(exception)}, status=503)
