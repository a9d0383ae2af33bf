"""``/sante/``: the load balancer's health check. No session, no personal data."""

import logging

from django.db import DatabaseError
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from certifup.health.selectors import late_periodic_tasks

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request):
    """200 « ok » when the database answers and no periodic task is late; 503 otherwise, with
    the names of the late tasks (as in /admin/ › Tâches périodiques)."""
    try:
        late = late_periodic_tasks(now=timezone.now())
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return _plain("base de données injoignable\n", status=503)
    if late:
        return _plain("tâches périodiques en retard : " + ", ".join(late) + "\n", status=503)
    return _plain("ok\n", status=200)


def _plain(text: str, *, status: int) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
