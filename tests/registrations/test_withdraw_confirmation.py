"""« Retirer ma demande » asks first, without JavaScript: the button's POST shows what will
happen and changes nothing; the page's « Confirmer » (confirme=1) withdraws, as before."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from registrations.models import Status
from tests.factories import advance
from tests.registrations.helpers import seats, state

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def client_candidate(client, candidate):
    client.force_login(candidate.user)
    return client


@pytest.fixture
def pre_validated(request_a, staff_a, now):
    """A request that holds its seats: withdrawing it gives them back."""
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a, now=now)
    mail.outbox.clear()
    return request_a


def _withdraw(registration) -> str:
    return reverse("registrations:withdraw", kwargs={"pk": registration.pk})


def test_the_button_shows_what_will_happen_and_changes_nothing(
    django_capture_on_commit_callbacks, client_candidate, pre_validated
):
    before = state(pre_validated)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_candidate.post(_withdraw(pre_validated))

    assert response.status_code == 200
    body = _text(response)
    assert f"Votre demande {pre_validated.reference}" in body
    assert "sera retirée" in body
    assert "Les places réservées pour vos épreuves sont libérées." in body
    assert "Le centre est prévenu par e-mail" in body
    assert "Cette action est définitive." in body
    assert 'name="confirme" value="1"' in response.content.decode()
    detail = reverse("registrations:detail", kwargs={"pk": pre_validated.pk})
    assert f'<a href="{detail}" class="button button-secondary">Annuler</a>' in (
        response.content.decode()
    )
    assert state(pre_validated) == before
    assert mail.outbox == []


def test_a_submitted_request_holds_no_seat_so_none_is_announced(client_candidate, request_a):
    body = _text(client_candidate.post(_withdraw(request_a)))
    assert "sera retirée" in body
    assert "places" not in body.split("Ce qui va se passer")[1]


def test_confirme_withdraws_frees_the_seats_and_mails_as_before(
    django_capture_on_commit_callbacks, client_candidate, pre_validated, centre_a, session
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_candidate.post(_withdraw(pre_validated), {"confirme": "1"}, follow=True)

    pre_validated.refresh_from_db()
    assert pre_validated.status == Status.WITHDRAWN
    assert set(seats(centre_a, session).values()) == {0}
    assert "Votre demande est retirée" in _text(response)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([pre_validated.candidate.email, centre_a.email])


def test_a_request_that_can_no_longer_be_withdrawn_is_refused_without_asking(
    django_capture_on_commit_callbacks, client_candidate, request_a, staff_a, now
):
    advance(request_a, to=Status.PAID, actor=staff_a, now=now)
    before = state(request_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client_candidate.post(_withdraw(request_a), follow=True)

    assert "Impossible de retirer une demande au statut « réglée »." in _text(response)
    assert "Cette action est définitive." not in _text(response)
    assert state(request_a) == before
