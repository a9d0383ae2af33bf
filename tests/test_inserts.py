"""``insert_rows``: bulk_create's rows by COPY on PostgreSQL, with their ids, for a sweep's
thousand rows; the few rows of a request keep one INSERT."""

import datetime
from decimal import Decimal

import pytest

from certifup import inserts
from notifications.frozen import freeze
from notifications.models import OutboundMail

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


def mail(n: int) -> OutboundMail:
    context = freeze({"n": n, "due": AT, "amount": Decimal("50.00"), "note": "O'Brien \"\\ \t"})
    return OutboundMail(
        recipient=f"c{n}@example.org",
        template="expired_candidate",
        context=context,
        next_attempt_at=AT,
        created_at=AT,
    )


def test_copy_saves_the_rows_with_their_ids_and_values(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(inserts, "COPY_FROM", 2)
    rows = [mail(n) for n in range(3)]

    with django_assert_num_queries(1):  # the ids from the sequence; COPY is not a query
        saved = inserts.insert_rows(OutboundMail, rows)

    assert [row.pk for row in saved] == sorted(row.pk for row in saved)
    for row in saved:
        stored = OutboundMail.objects.get(pk=row.pk)
        assert (stored.recipient, stored.context, stored.created_at, stored.status) == (
            row.recipient,
            row.context,
            AT,
            "pending",
        )
    [after] = OutboundMail.objects.bulk_create([mail(4)])  # the sequence moved on
    assert after.pk > max(row.pk for row in saved)


def test_a_few_rows_are_one_insert(django_assert_num_queries):
    with django_assert_num_queries(1):
        saved = inserts.insert_rows(OutboundMail, [mail(1), mail(2)])
    assert all(row.pk for row in saved)
