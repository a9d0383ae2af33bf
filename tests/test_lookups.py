"""``any_of``: the rows ``__in`` finds, the ids sent as one array parameter."""

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler
from django.test.utils import CaptureQueriesContext

from candidates.models import User
from certifup.lookups import any_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_any_of_finds_what_in_finds_with_one_parameter():
    users = UserFactory.create_batch(3)
    ids = [users[0].pk, users[2].pk, 987654321]

    with CaptureQueriesContext(connection) as queries:
        found = set(User.objects.filter(any_of("pk", ids)).values_list("pk", flat=True))

    assert found == set(User.objects.filter(pk__in=ids).values_list("pk", flat=True))
    assert found == {users[0].pk, users[2].pk}
    assert "= ANY(" in queries[0]["sql"]


def test_any_of_nothing_finds_nothing():
    UserFactory()
    assert not User.objects.filter(any_of("pk", [])).exists()


def test_any_of_is_in_where_the_database_has_no_arrays():
    """The embedded default runs on SQLite (tests/test_embedded_smoke.py drives it whole)."""
    sqlite = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    )["default"]
    query = User.objects.filter(any_of("pk", [3, 5])).values_list("pk").query
    sql, params = query.get_compiler(connection=sqlite).as_sql()
    assert "IN (%s, %s)" in sql and "ANY" not in sql
    assert list(params)[-2:] == [3, 5]
