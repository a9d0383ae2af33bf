"""A request body larger than anything the site accepts is answered before it is read.

Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE, answered by templates/400.html) but not
the files of a multipart body, which it streams to disk: without this cap a client could make
the server write gigabytes before any form sees the file. The reverse proxy should cap it too
(docs/deployment.md); this keeps the embedded server and direct gunicorn just as safe.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_SIZE:
            limit_mb = settings.MAX_REQUEST_BODY_SIZE // (1024 * 1024)
            return render(request, "413.html", {"limit_mb": limit_mb}, status=413)
        return self.get_response(request)
