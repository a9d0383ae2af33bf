"""No cache keeps a copy of a page or a file of this site: ``Cache-Control: private, no-store``.

Signed-in pages hold a person's data (a candidate's file, a centre's list of candidates, the
PDFs, the CSV/XLSX exports, a justification with health data). Without this header a shared
proxy may keep them, and the browser keeps them on disk and shows them again with « Précédent »
after the person signed out on a shared computer. One rule here, rather than a decorator on each
view, so that a new view cannot forget it.

Anonymous pages get it too: some are personal as well (the e-mail verification page shows the
NUC to whoever holds the link, the password-reset page carries a token in its URL), the forms
carry a CSRF token tied to the visitor's cookie, and nothing is lost, since the pages have no
validators to revalidate against and the static files (served by WhiteNoise before this runs)
keep their long cache. A view may still make an anonymous page cacheable by saying so
(``@cache_control(public=True, max_age=…)``): honoured only for anonymous visitors and never for
a file (a response with ``Content-Disposition``), whatever path reaches it.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers


class PrivateCacheMiddleware:
    """Placed above SessionMiddleware: it sees the final response of every view, and what
    SessionMiddleware adds (``Vary: Cookie``) is left as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _declared_public(response) and not _is_file(response):
            # The answer now depends on who is signed in, that is on the session cookie.
            patch_vary_headers(response, ("Cookie",))
            if not _signed_in(request):
                return response
        # Merged with what the view set: the admin's never_cache directives stay, and a stray
        # "public" is replaced by "private".
        patch_cache_control(response, private=True, no_store=True)
        return response


def _declared_public(response: HttpResponse) -> bool:
    directives = response.get("Cache-Control", "").lower().replace(" ", "").split(",")
    return "public" in directives


def _is_file(response: HttpResponse) -> bool:
    return response.has_header("Content-Disposition")


def _signed_in(request: HttpRequest) -> bool:
    # Asked only of a page that declared itself public, so that the session and the user are
    # not read for every other response.
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated
