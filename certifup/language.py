"""Django's LocaleMiddleware, without the negotiation when the site speaks one language.

With one entry in LANGUAGES every request gets that language whatever its cookie, path or
Accept-Language say: Django still reads and parses them on the way in and the path again on
the way out, an eighth of the bare view. Here the language is known once per process; the
response carries the same headers (Content-Language, Vary: Accept-Language). With more
languages, or language-prefixed URLs, Django's own code runs.
"""

import functools

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        language = _only_language(getattr(request, "urlconf", settings.ROOT_URLCONF))
        if language is None:
            return super().process_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return None

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if _only_language(getattr(request, "urlconf", settings.ROOT_URLCONF)) is None:
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


@functools.cache
def _only_language(urlconf: str) -> str | None:
    """The one language every request gets, or None when there is a choice to make."""
    if len(settings.LANGUAGES) != 1 or is_language_prefix_patterns_used(urlconf)[0]:
        return None
    return translation.get_supported_language_variant(settings.LANGUAGE_CODE)


@receiver(setting_changed)
def _forget_language(*, setting: str, **kwargs: object) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "ROOT_URLCONF"}:
        _only_language.cache_clear()
