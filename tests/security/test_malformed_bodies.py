"""A body Django cannot read (a form declaring another charset than UTF-8, too many fields) gets
the French 400 page on every URL, CSRF checks on as in production, never a bare 500."""

import pytest
from django.test import Client
from django.urls import reverse

from candidates.models import User

URLS = ("candidates:sign_up", "centre:login", "admin:login")


def _csrf_client(url: str) -> tuple[Client, str]:
    browser = Client(enforce_csrf_checks=True)
    browser.get(url)
    return browser, browser.cookies["csrftoken"].value


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("charset", ["latin-1", "utf-32"])
def test_a_form_in_another_charset_gets_the_french_400_page(db, name, charset):
    url = reverse(name)
    browser, token = _csrf_client(url)
    body = f"csrfmiddlewaretoken={token}&username=dupont&password=x".encode()
    response = browser.generic(
        "POST", url, body, content_type=f"application/x-www-form-urlencoded; charset={charset}"
    )
    assert response.status_code == 400
    assert "Demande invalide" in response.content.decode()
    assert not User.objects.filter(username="dupont").exists()


@pytest.mark.parametrize("name", URLS)
def test_too_many_fields_get_the_french_400_page_with_csrf_checks(db, name):
    url = reverse(name)
    browser, token = _csrf_client(url)
    data = {"csrfmiddlewaretoken": token, **{f"f{i}": "x" for i in range(1500)}}
    response = browser.post(url, data)
    assert response.status_code == 400
    assert "Demande invalide" in response.content.decode()


def test_a_signed_in_candidate_keeps_the_site_header_on_the_400_page(candidate):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(candidate.user)
    url = reverse("candidates:profile")
    browser.get(url)
    body = f"csrfmiddlewaretoken={browser.cookies['csrftoken'].value}&phone=0600000000".encode()
    response = browser.generic(
        "POST", url, body, content_type="application/x-www-form-urlencoded; charset=latin-1"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Demande invalide" in page and candidate.display_nuc in page
