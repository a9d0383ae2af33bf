"""« Valider définitivement » and « Refuser » ask first, without JavaScript: the button's POST
shows what will happen and changes nothing; the page's « Confirmer » (confirme=1) acts."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from registrations.models import Registration, Status
from tests.factories import advance, pay
from tests.registrations.helpers import state

pytestmark = pytest.mark.django_db


def _url(name: str, registration: Registration) -> str:
    return reverse(f"centre:{name}", kwargs={"registration_id": registration.pk})


def _text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def paid(request_a, staff_a, now):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a, now=now)
    pay(request_a, actor=staff_a, now=now)
    mail.outbox.clear()
    return request_a


def test_confirm_shows_what_will_happen_and_changes_nothing(
    django_capture_on_commit_callbacks, staff_client, paid
):
    before = state(paid)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url("confirm", paid))

    assert response.status_code == 200
    body = _text(response)
    assert f"L'inscription {paid.reference} de {paid.candidate.full_name}" in body
    assert "ne pourra plus être annulée ni remboursée" in body
    assert "Le candidat reçoit un e-mail avec son récapitulatif d'inscription (PDF)." in body
    assert "Cette action est définitive." in body
    assert 'name="confirme" value="1"' in response.content.decode()
    assert f'<a href="{_url("request", paid)}" class="button button-secondary">Annuler</a>' in (
        response.content.decode()
    )
    assert state(paid) == before
    assert mail.outbox == []


def test_confirme_confirms_and_mails_the_summary(
    django_capture_on_commit_callbacks, staff_client, paid
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url("confirm", paid), {"confirme": "1"}, follow=True)

    paid.refresh_from_db()
    assert paid.status == Status.CONFIRMED
    assert f"Inscription {paid.reference} validée définitivement." in _text(response)
    [message] = mail.outbox
    assert message.to == [paid.candidate.email]
    assert message.attachments


def test_confirm_before_payment_is_refused_without_asking(
    django_capture_on_commit_callbacks, staff_client, staff_a, request_a
):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a)
    before = state(request_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url("confirm", request_a), follow=True)

    assert "ne peut être validée définitivement qu'une fois réglée" in _text(response)
    assert "Cette action est définitive." not in _text(response)
    assert state(request_a) == before


def test_refuse_shows_the_reason_and_changes_nothing(
    django_capture_on_commit_callbacks, staff_client, request_a
):
    mail.outbox.clear()
    before = state(request_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url("refuse", request_a), {"reason": "Dossier incomplet"})

    assert response.status_code == 200
    body = _text(response)
    assert f"La demande {request_a.reference} de {request_a.candidate.full_name}" in body
    assert "sera refusée. Motif : « Dossier incomplet »" in body
    assert "Le candidat est prévenu par e-mail, avec le motif" in body
    assert "Cette action est définitive." in body
    assert '<input type="hidden" name="reason" value="Dossier incomplet">' in (
        response.content.decode()
    )
    assert state(request_a) == before
    assert mail.outbox == []


def test_confirme_refuses_with_the_carried_reason(
    django_capture_on_commit_callbacks, staff_client, request_a
):
    mail.outbox.clear()
    data = {"reason": "Dossier incomplet", "confirme": "1"}

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url("refuse", request_a), data, follow=True)

    request_a.refresh_from_db()
    assert request_a.status == Status.REFUSED
    assert request_a.refusal_reason == "Dossier incomplet"
    assert "Motif du refus : Dossier incomplet" in _text(response)
    [message] = mail.outbox
    assert message.to == [request_a.candidate.email]
    assert "Dossier incomplet" in message.body


def test_remove_exam_page_says_what_will_happen_and_offers_to_cancel(staff_client, request_a):
    line = request_a.lines.first()
    url = reverse(
        "centre:remove_exam", kwargs={"registration_id": request_a.pk, "line_id": line.pk}
    )

    response = staff_client.get(url)

    body = _text(response)
    assert "Le candidat est prévenu par e-mail, avec le motif." in body
    assert "Cette action est définitive." in body
    assert (
        f'<a href="{_url("request", request_a)}" class="button button-secondary">Annuler</a>'
        in (response.content.decode())
    )
