"""Login throttling (django-axes): five failures for a NUC from one address, then a cool-off, on
every login page (the other counters: test_throttling_policy.py). Sessions end after
inactivity; a password change ends the other sessions."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.candidates.helpers import attempt, text
from tests.factories import PASSWORD, CandidateFactory, UppctscFactory

LOGIN = reverse("candidates:login")
ADMIN_LOGIN = reverse("admin:login")


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, candidate, now):
    for _ in range(4):
        assert attempt(client, candidate.nuc, "mauvais").status_code == 200
    fifth = attempt(client, candidate.nuc, "mauvais")
    sixth = attempt(client, candidate.nuc, PASSWORD)

    assert fifth.status_code == sixth.status_code == 429
    assert "Connexion temporairement bloquée" in text(sixth)
    assert "pendant 15 minutes" in text(sixth)
    assert "_auth_user_id" not in client.session


def test_before_the_limit_the_right_password_still_works(client, candidate, now):
    for _ in range(4):
        attempt(client, candidate.nuc, "mauvais")
    assert attempt(client, candidate.nuc, PASSWORD).status_code == 302


def test_the_nuc_counts_however_it_is_typed(client, candidate, now):
    spellings = [candidate.nuc, candidate.display_nuc, candidate.display_nuc.replace(" ", "-")]
    for n in range(5):
        attempt(client, spellings[n % 3], "mauvais")
    assert attempt(client, candidate.nuc, PASSWORD).status_code == 429


def test_one_address_trying_many_nucs_is_locked_out_at_its_ceiling(
    client, candidate, settings, now
):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 5  # 100 by default: a training room stays below
    others = CandidateFactory.create_batch(5)
    for other in others:
        attempt(client, other.nuc, "mauvais")
    assert attempt(client, candidate.nuc, PASSWORD).status_code == 429


def test_the_lock_lifts_after_the_cool_off(client, candidate, now):
    for _ in range(5):
        attempt(client, candidate.nuc, "mauvais")
    with time_machine.travel(now + datetime.timedelta(minutes=16), tick=False):
        assert attempt(client, candidate.nuc, PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client, db, now):
    staff = UppctscFactory()
    for _ in range(5):
        attempt(client, staff.username, "mauvais", url=ADMIN_LOGIN)
    response = attempt(client, staff.username, PASSWORD, url=ADMIN_LOGIN)
    assert response.status_code == 429


def test_a_session_expires_after_inactivity(client, candidate, settings, now):
    assert attempt(client, candidate.nuc, PASSWORD).status_code == 302
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    mine = reverse("registrations:mine")
    with time_machine.travel(now + idle, tick=False):
        assert client.get(mine).status_code == 200  # activity renews the session
    with time_machine.travel(now + 2 * idle, tick=False):
        assert client.get(mine).status_code == 200
    with time_machine.travel(
        now + 2 * idle + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1), tick=False
    ):
        response = client.get(mine)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def session_writes(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum('UPDATE "django_session"' in query["sql"] for query in queries)


def test_activity_renews_the_session_every_few_minutes_not_on_every_page(
    client, candidate, settings, now
):
    assert attempt(client, candidate.nuc, PASSWORD).status_code == 302
    mine = reverse("registrations:mine")
    session = Session.objects.get()
    with time_machine.travel(now + datetime.timedelta(seconds=10), tick=False):
        assert session_writes(client, mine) == 0  # saved by the login a moment ago
    later = now + datetime.timedelta(seconds=settings.SESSION_REFRESH_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert session_writes(client, mine) == 1
        assert session_writes(client, mine) == 0
    session.refresh_from_db()
    assert session.expire_date == later + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


@pytest.mark.parametrize("changed", [True, False], ids=["changed", "unchanged"])
def test_a_password_change_ends_the_other_sessions_only(candidate, changed, now):
    phone, laptop = Client(), Client()
    phone.force_login(candidate.user)
    laptop.force_login(candidate.user)
    mine = reverse("registrations:mine")
    if changed:
        response = laptop.post(
            reverse("candidates:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "Nouveau-Cheval-77",
                "new_password2": "Nouveau-Cheval-77",
            },
        )
        assert response.url == reverse("candidates:profile")

    assert laptop.get(mine).status_code == 200
    assert phone.get(mine).status_code == (302 if changed else 200)


def test_a_weak_new_password_is_refused_in_french(client, candidate):
    client.force_login(candidate.user)
    response = client.post(
        reverse("candidates:password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "Ce mot de passe est entièrement numérique." in text(response)
