"""Database connections dropped under the site (a PostgreSQL restart, a failover, an idle
timeout): with persistent connections and CONN_HEALTH_CHECKS, the next request reconnects,
without restarting the application. Provoked with pg_terminate_backend on this test
database's own connections only, and for an outage that lasts, by refusing new connections to
this test database (ALLOW_CONNECTIONS false): the shared server is never restarted."""

import threading

import psycopg
import psycopg.sql
import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _admin() -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        dbname="postgres",
        autocommit=True,
    )


def _terminate_my_connections() -> int:
    """Kill every other session on this test database, from a connection of our own."""
    with _admin() as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"]],
        ).fetchall()
    return len(rows)


def _allow_connections(allowed: bool) -> None:
    name = psycopg.sql.Identifier(connection.settings_dict["NAME"])
    statement = psycopg.sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}")
    with _admin() as admin:
        admin.execute(statement.format(name, psycopg.sql.SQL("true" if allowed else "false")))


def get(client: Client, url: str) -> int:
    """A GET as the real handler serves it: Django's WSGI handler sends request_started, whose
    receiver close_old_connections() runs the health check (the test client skips it)."""
    close_old_connections()
    return client.get(url).status_code


@pytest.fixture
def persistent_connections():
    # As in production (CONN_MAX_AGE=60): the connection outlives the request.
    previous = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.close()
    yield
    connection.settings_dict["CONN_MAX_AGE"] = previous
    connection.close()


def test_pages_answer_again_after_connections_are_killed(
    persistent_connections, centre_a, session, staff_a
):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    client = Client()
    client.force_login(staff_a)
    url = reverse("centre:requests")
    assert get(client, url) == 200
    assert connection.connection is not None  # kept open for the next request

    assert _terminate_my_connections() >= 1

    # The next request's health check sees the dead connection and opens a new one.
    assert get(client, url) == 200
    assert get(client, reverse("home")) == 200


def test_under_load_requests_recover_after_a_kill(
    persistent_connections, centre_a, session, staff_a
):
    """Several threads, each with its own persistent connection, all killed at once."""
    url = reverse("centre:requests")
    results: list[int] = []
    barrier = threading.Barrier(9)

    def visitor():
        from django.db import connection as own

        client = Client()
        client.force_login(staff_a)
        try:
            results.append(get(client, url))
            barrier.wait(timeout=30)  # everyone holds a live connection
            barrier.wait(timeout=30)  # …which the main thread has now killed
            results.extend(get(client, url) for _ in range(3))
        finally:
            own.close()

    threads = [threading.Thread(target=visitor) for _ in range(8)]
    for thread in threads:
        thread.start()
    barrier.wait(timeout=30)
    killed = _terminate_my_connections()
    barrier.wait(timeout=30)
    for thread in threads:
        thread.join(timeout=60)
    assert killed >= 8
    assert results == [200] * 32


def test_while_the_database_is_down_pages_answer_the_error_page_then_recover(
    persistent_connections, centre_a, session, staff_a
):
    """PostgreSQL unreachable for a moment (a restart): requests get the French error page,
    never a hang, and the first request after it is back succeeds, without a restart."""
    client = Client(raise_request_exception=False)
    client.force_login(staff_a)
    url = reverse("centre:requests")
    assert get(client, url) == 200
    try:
        _allow_connections(False)
        assert _terminate_my_connections() >= 1
        during = [get(client, url) for _ in range(3)]
        error_page = client.get(reverse("home"))
    finally:
        _allow_connections(True)
    assert during == [500, 500, 500]
    assert "Rien de ce que vous aviez enregistré n'est perdu" in error_page.content.decode()
    assert [get(client, url) for _ in range(3)] == [200, 200, 200]
