"""Ids sent back by a form or a query string, read strictly.

``str.isdigit()`` is true for « ² » (which ``int()`` refuses: a 500) and ``int()`` reads « ١٢ »,
« 1_2 » or « 12 » with spaces: neither is a test of what our pages write. An id is the plain
ASCII digits of a positive bigint; anything else is tampering or a corrupted page.
Below every app, so that each can use it without importing another's views.
"""

import re
from collections.abc import Iterable

# 18 digits stay below PostgreSQL's bigint maximum (9 223 372 036 854 775 807).
_ID = re.compile(r"[1-9][0-9]{0,17}")


def parse_id(value: object) -> int | None:
    """The id, or None when the value is not one."""
    if isinstance(value, str) and _ID.fullmatch(value):
        return int(value)
    return None


def parse_ids(values: Iterable[object]) -> list[int] | None:
    """All the ids, or None as soon as one value is not an id (a tampered selection is refused
    whole rather than half-applied)."""
    ids = []
    for value in values:
        parsed = parse_id(value)
        if parsed is None:
            return None
        ids.append(parsed)
    return ids
