"""certifup.language answers as Django's LocaleMiddleware does, whatever the visitor asks for,
and hands over to it when there is a language to choose."""

import pytest
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.test import RequestFactory, override_settings
from django.utils import translation

from certifup.language import LocaleMiddleware

ASKED = [
    {},
    {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"},
    {"HTTP_ACCEPT_LANGUAGE": "fr-BE"},
    {"HTTP_ACCEPT_LANGUAGE": "*"},
    {"HTTP_COOKIE": "django_language=en"},
    {"HTTP_COOKIE": "django_language=fr-ca"},
]


def _answer(middleware_class, meta: dict, path: str = "/mes-inscriptions/"):
    request = RequestFactory().get(path, **meta)
    seen = {}

    def view(request):
        seen["active"] = translation.get_language()
        return HttpResponse("ok")

    with translation.override(None):
        response = middleware_class(view)(request)
    return request.LANGUAGE_CODE, seen["active"], response["Content-Language"], response["Vary"]


@pytest.mark.parametrize("meta", ASKED)
def test_the_one_language_whatever_is_asked(meta):
    assert _answer(LocaleMiddleware, meta) == _answer(DjangoLocaleMiddleware, meta)
    assert _answer(LocaleMiddleware, meta) == ("fr", "fr", "fr", "Accept-Language")


@pytest.mark.parametrize("meta", ASKED)
def test_with_a_choice_to_make_django_chooses(meta):
    with override_settings(LANGUAGES=[("fr", "Français"), ("en", "English")]):
        assert _answer(LocaleMiddleware, meta) == _answer(DjangoLocaleMiddleware, meta)
    assert _answer(LocaleMiddleware, meta)[0] == "fr"
