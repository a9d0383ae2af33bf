"""Oversized requests: a clear French page (400 or 413), never a 500, and nothing saved.
Forged and oversized justification files themselves are tested in tests/deferrals."""

from django.urls import reverse

from candidates.models import Candidate
from tests.factories import CandidateFactory


def test_a_too_long_form_field_gets_the_french_400_page(client, db):
    candidate = CandidateFactory()
    client.force_login(candidate.user)
    before = Candidate.objects.values().get(pk=candidate.pk)
    response = client.post(
        reverse("candidates:profile"),
        {"phone": "0600000000", "address": "x" * (3 * 1024 * 1024)},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Demande invalide" in body and "Rien n'a été enregistré" in body
    assert Candidate.objects.values().get(pk=candidate.pk) == before


def test_too_many_fields_get_the_french_400_page(client, db):
    candidate = CandidateFactory()
    client.force_login(candidate.user)
    response = client.post(reverse("candidates:profile"), {f"f{i}": "x" for i in range(1500)})
    assert response.status_code == 400
    assert "Demande invalide" in response.content.decode()


def test_an_oversized_body_is_refused_before_it_is_read(client, settings, db):
    settings.MAX_REQUEST_BODY_SIZE = 1024 * 1024
    candidate = CandidateFactory()
    client.force_login(candidate.user)
    response = client.generic(
        "POST",
        reverse("candidates:profile"),
        b"x" * (1024 * 1024 + 1),
        content_type="application/octet-stream",
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "Envoi trop volumineux" in body and "1 Mo" in body
    # The visitor is still recognised: the page keeps the site's header for them.
    assert candidate.display_nuc in body


def test_the_default_cap_fits_a_justification(settings):
    # 5 Mo justification + form fields must pass; a 10 Mo body is well above anything legit.
    assert 6 * 1024 * 1024 < settings.MAX_REQUEST_BODY_SIZE <= 20 * 1024 * 1024
