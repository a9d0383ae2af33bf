"""The two baselines every figure is divided by, served by the same gunicorn as the pages."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

# Created by the runner (bench.db.ensure_bench_tables); not a Django model on purpose: it exists
# only in the bench database.
PING_TABLE = "bench_ping"


@require_GET
def bare(request: HttpRequest) -> HttpResponse:
    """The floor: Django's middleware stack and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@require_POST
def insert(request: HttpRequest) -> HttpResponse:
    """The write floor: one row inserted in one transaction (autocommit), then a redirect,
    so its response has the same shape as a successful submit."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {PING_TABLE} (payload) VALUES (%s)", [request.POST.get("k")])
    response = HttpResponse(status=302)
    response["Location"] = "/bench/bare/"
    return response
