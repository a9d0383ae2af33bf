"""Many new rows of one model at once: ``bulk_create``, or PostgreSQL's COPY for a sweep's
thousand rows.

``bulk_create`` on PostgreSQL sends its rows as one array per column (``UNNEST``), and psycopg
quotes each element of a text or JSON array with a regular expression per special character:
for the outbox's JSON contexts that was half a millisecond a row, 40 % of the expiry sweep.
COPY sends the same values as they are (psycopg's C formatter), about six times faster. The
primary keys are taken from the table's sequence first, so the rows come back with their ids
as ``bulk_create``'s do. Small inserts (a submit's two mails) keep ``bulk_create``: one
statement, where COPY needs two.
"""

from collections.abc import Iterable, Sequence
from typing import TypeVar, cast

from django.db import connection, models
from psycopg.types.json import Jsonb

COPY_FROM = 100  # rows; below, one INSERT … RETURNING is cheaper than the sequence and COPY

Row = TypeVar("Row", bound=models.Model)


def insert_rows(
    model: type[Row], rows: Sequence[Row], *, json_texts: Iterable[tuple[object, str]] = ()
) -> list[Row]:
    """``bulk_create(rows)``: the rows saved, their primary keys set. ``json_texts``: values of
    JSON fields whose JSON text the caller has already (value, text), sent as it is by COPY."""
    if connection.vendor != "postgresql" or len(rows) < COPY_FROM:
        return model._default_manager.bulk_create(rows)
    meta = model._meta
    pk = meta.pk
    assert pk is not None  # every concrete model has one
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(cast(str, field.column)) for field in [pk, *fields])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        prepared: Prepared = {
            (id(field), id(value)): (value, text)
            for field in fields
            if isinstance(field, models.JSONField)
            for value, text in json_texts
        }
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row([pk, *(_value(field, row, prepared) for field in fields)])
    for pk, row in zip(ids, rows, strict=True):
        row.pk = pk
        row._state.adding, row._state.db = False, connection.alias
    return list(rows)


# Values that psycopg sends as the field's own preparation would (a text, a number, an id):
# preparing them anyway was a tenth of a sweep (80,000 calls for 2,000 requests).
AS_IS = (str, int, bool, type(None))


# (field, id of a value) → (the value, kept so that its id is not reused; what COPY sends).
Prepared = dict[tuple[int, int], tuple[object, object]]


def _value(field: models.Field, row: models.Model, prepared: Prepared) -> object:
    """What ``bulk_create`` would send for ``field`` of a new row (auto_now dates included).
    JSON is always prepared: a text stored in a JSONField is a JSON string.

    Other values are prepared once per object: a sweep's rows share their dates, and a mail's
    frozen context is shared by its recipients' rows. JSON goes as the text its field's
    encoder writes (psycopg would encode it again for each row)."""
    value = field.pre_save(row, True)
    if isinstance(value, AS_IS) and not isinstance(field, models.JSONField):
        return value
    key = (id(field), id(value))
    if key not in prepared:
        sent = field.get_db_prep_save(value, connection)
        if isinstance(sent, Jsonb) and sent.dumps is not None:
            sent = sent.dumps(sent.obj)
        prepared[key] = (value, sent)
    return prepared[key][1]
