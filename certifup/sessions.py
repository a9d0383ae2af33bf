"""Sessions end after SESSION_COOKIE_AGE without activity, without a write on every page.

``SESSION_SAVE_EVERY_REQUEST`` would keep the expiry exact by saving the session on every
request: one UPDATE and one commit per page view, the largest part of a signed-in page's time
under load. Here activity saves it at most every SESSION_REFRESH_SECONDS (five minutes), which
moves the expiry forward just as well; a session may end that much before two idle hours.
"""

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REFRESHED_AT = "_refreshed_at"


class SessionRefreshMiddleware:
    """Placed after SessionMiddleware, so that the session it marks is saved on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        # Only a session this request read (signed in: the user was looked up) and that was
        # not ended (logout flushes it, leaving no key).
        if session.session_key is None or not session.accessed:
            return response
        now = int(time.time())
        if (
            session.modified
            or now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS
        ):
            session[REFRESHED_AT] = now
        return response
