"""Who is signed in: the user and their candidate record come in one query, and the sessions
signed in before that (through Django's ModelBackend) stay signed in across the change."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

MINE = reverse("registrations:mine")
sessions_migration = importlib.import_module("candidates.migrations.0006_sessions_with_candidate")


def _reads_of_candidates_alone(queries) -> list[str]:
    return [q["sql"] for q in queries if 'FROM "candidates_candidate"' in q["sql"]]


def test_a_candidate_page_reads_the_candidate_with_the_user(client, candidate):
    client.force_login(candidate.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(MINE)
    assert response.status_code == 200
    assert candidate.display_nuc in response.content.decode()  # the layout's NUC
    assert _reads_of_candidates_alone(queries.captured_queries) == []
    [user_read] = [
        q["sql"] for q in queries.captured_queries if 'FROM "candidates_user"' in q["sql"]
    ]
    assert 'JOIN "candidates_candidate"' in user_read


def test_a_staff_page_knows_its_user_is_no_candidate_without_asking_again(client, staff_a):
    client.force_login(staff_a)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("centre:requests"))
    assert response.status_code == 200
    assert "Ma fiche" not in response.content.decode()  # the candidate's link of the layout
    assert _reads_of_candidates_alone(queries.captured_queries) == []


def test_staff_are_still_refused_the_candidate_pages(client, staff_a):
    client.force_login(staff_a)
    assert client.get(MINE).status_code == 403


def test_a_deactivated_account_is_signed_out(client, candidate):
    client.force_login(candidate.user)
    candidate.user.is_active = False
    candidate.user.save(update_fields=["is_active"])
    response = client.get(MINE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("candidates:login"))


def _session_from_before(user) -> str:
    """As the login of the release before this backend left it."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = sessions_migration.DJANGO_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def _migrate(direction) -> None:
    direction(apps, SimpleNamespace(connection=connection))


def test_the_sessions_signed_in_before_stay_signed_in(client, candidate):
    client.cookies["sessionid"] = _session_from_before(candidate.user)
    # Not listed any more: Django alone would sign this session out.
    assert client.get(MINE).status_code == 302

    _migrate(sessions_migration.forwards)

    response = client.get(MINE)
    assert response.status_code == 200
    assert candidate.display_nuc in response.content.decode()


def test_moving_the_sessions_back_restores_their_backend(candidate, staff_a):
    key = _session_from_before(candidate.user)
    anonymous = SessionStore()
    anonymous["anything"] = "kept"
    anonymous.create()

    _migrate(sessions_migration.forwards)
    assert SessionStore(key).load()[BACKEND_SESSION_KEY] == sessions_migration.CANDIDATE_BACKEND
    assert SessionStore(anonymous.session_key).load() == {"anything": "kept"}

    _migrate(sessions_migration.backwards)
    assert SessionStore(key).load()[BACKEND_SESSION_KEY] == sessions_migration.DJANGO_BACKEND
