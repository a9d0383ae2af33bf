"""The Content-Security-Policy header of every response, built once per process.

django-csp builds the header from the settings on every response, twice (the policy and the
report-only one): a dataclass deep-copied, thirty directives walked and copied. That was a
quarter of the bare view's time, for the same text each time. Our views never change the
policy per response (no ``@csp_update``, no nonce), so the text from the settings is built once;
a response that does change it (a decorator, a nonce asked for) still goes through
django-csp's own code, unchanged.
"""

import functools
import http.client

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.response import HttpResponseBase

_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
_DEBUG_EXEMPT = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if _changed_for(request, response):
            return super().process_response(request, response)
        if response.status_code in _DEBUG_EXEMPT and settings.DEBUG:
            return response
        _set(request, response, HEADER, "_csp_exempt", report_only=False)
        _set(request, response, HEADER_REPORT_ONLY, "_csp_exempt_ro", report_only=True)
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


def _changed_for(request: HttpRequest, response: HttpResponseBase) -> bool:
    """A view changed this response's policy, or a template asked for a nonce."""
    if getattr(request, "_csp_nonce", None) is not None:
        return True
    return any(getattr(response, name, None) is not None for name in _PER_RESPONSE)


def _set(
    request: HttpRequest, response: HttpResponseBase, header: str, exempt: str, report_only: bool
) -> None:
    """django-csp's rules: not over a header the view set, nor when exempted or excluded."""
    policy, excluded_prefixes = _policy(report_only)
    if (
        policy
        and header not in response
        and getattr(response, exempt, False) is False
        and not request.path_info.startswith(excluded_prefixes)
    ):
        response[header] = policy


@functools.cache
def _policy(report_only: bool) -> tuple[str, tuple[str, ...]]:
    """The header's text from the settings, and the path prefixes it is not sent on."""
    name = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
    prefixes = (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
    return build_policy(report_only=report_only), tuple(prefixes)


@receiver(setting_changed)
def _forget_policy(*, setting: str, **kwargs: object) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policy.cache_clear()
