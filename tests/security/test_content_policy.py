"""The CSP header built once per process says what django-csp would have said, and a response
whose policy a view changed still gets django-csp's own header."""

from csp.constants import NONCE, NONE
from csp.decorators import csp_exempt, csp_update
from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from certifup.content_policy import CSPMiddleware


def _directives(header: str) -> set[str]:
    # django-csp orders directives as a set iterates: compare them, not their order.
    return {part.strip() for part in header.split(";")}


def _respond(view, path: str = "/"):
    request = RequestFactory().get(path)
    middleware = CSPMiddleware(view)
    middleware.process_request(request)
    return request, middleware.process_response(request, view(request))


def test_the_header_is_django_csps_policy_from_the_settings():
    _, first = _respond(lambda request: HttpResponse("ok"))
    _, second = _respond(lambda request: HttpResponse("ok"))
    assert _directives(first["Content-Security-Policy"]) == _directives(build_policy())
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Content-Security-Policy-Report-Only" not in first


def test_a_view_that_changes_the_policy_keeps_its_change():
    view = csp_update({"img-src": ["https://tiles.example.org"]})(lambda r: HttpResponse("ok"))
    _, response = _respond(view)
    assert "img-src 'self' data: https://tiles.example.org" in response["Content-Security-Policy"]


def test_a_header_set_by_the_view_or_an_exemption_is_left_alone():
    def sandboxed(request):
        response = HttpResponse("ok")
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response

    assert _respond(sandboxed)[1]["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "Content-Security-Policy" not in _respond(csp_exempt()(lambda r: HttpResponse()))[1]


def test_a_nonce_asked_for_goes_into_the_header():
    def with_nonce(request):
        request.nonce_seen = str(request.csp_nonce)
        return HttpResponse("ok")

    with override_settings(
        CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": [NONE], "script-src": [NONCE]}}
    ):
        request, response = _respond(with_nonce)
        _, without = _respond(lambda request: HttpResponse("ok"))
        unused = build_policy()
    assert _directives(response["Content-Security-Policy"]) == {
        "default-src 'none'",
        f"script-src 'nonce-{request.nonce_seen}'",
    }
    # No nonce asked for: django-csp's policy without one, from the overridden settings.
    assert without["Content-Security-Policy"] == unused
