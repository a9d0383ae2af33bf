"""A mail's context, frozen when the change it announces is written, rendered when it is sent.

The row keeps plain JSON: texts, numbers, booleans, lists and dicts (a person, a centre, a
request as the few values its templates read), and three tagged types the templates format
themselves: ``{"$datetime": iso}``, ``{"$date": iso}``, ``{"$decimal": "150.00"}``. Nothing in it
points back to the database, so the mail says what was true when the change was made, whenever
it is rendered. A model instance is refused: its text would be whatever ``str()`` says at send
time, and the builder of the context is the one that knows which values its templates show.
"""

import datetime
import json
from collections.abc import Callable, Mapping
from decimal import Decimal

from django.utils.functional import Promise


def freeze(context: Mapping[str, object]) -> dict[str, object]:
    """The JSON record of ``context``; raises TypeError on anything else than plain values.
    Through the json module's C encoder and decoder: a sweep freezes thousands of contexts."""
    return frozen_text(context)[0]


def frozen_text(context: Mapping[str, object]) -> tuple[dict[str, object], str]:
    """``freeze(context)`` and its JSON text, which is the record's own (plain values encode
    as they decode): what the row's column receives, without encoding the record again."""
    text = json.dumps(context, default=_tagged)
    return json.loads(text), text


def _tagged(value: object) -> object:
    if isinstance(value, datetime.datetime):  # before date: a datetime is a date
        return {"$datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"$date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Promise):  # a lazy translation: its text
        return str(value)
    raise TypeError(f"A mail context holds plain values, not {type(value).__name__}: {value!r}")


def thaw(record: Mapping[str, object]) -> dict[str, object]:
    """The context the templates render: ``freeze``'s tagged values back to their types."""
    return {key: _thaw(value) for key, value in record.items()}


_TAGS: dict[str, Callable[[str], object]] = {
    "$datetime": datetime.datetime.fromisoformat,
    "$date": datetime.date.fromisoformat,
    "$decimal": Decimal,
}


def _thaw(value: object) -> object:
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, item),) = value.items()
            if key in _TAGS:
                return _TAGS[key](item)
        return {key: _thaw(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_thaw(item) for item in value]
    return value
