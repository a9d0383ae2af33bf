"""« Télécharger mes données » (RGPD): everything the platform holds about a candidate, as JSON.

The registry sits at the bottom so that each app adds the section of what it stores about
candidates without anyone importing it: one line, in the module its AppConfig.ready() loads:

    register_section("mails", lambda candidate: rows(Mail.objects.filter(...), [...]))
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Model, QuerySet

# The argument is a candidates.Candidate: typed loosely, so that this module imports no app.
Section = Callable[[Any], object]
SECTIONS: dict[str, Section] = {}


def register_section(name: str, build: Section) -> None:
    SECTIONS[name] = build


def _value(instance: Model, name: str):
    value = getattr(instance, name)
    display = getattr(instance, f"get_{name}_display", None)
    if display is not None:
        return display()
    return value if value is None or isinstance(value, (bool, int)) else str(value)


def rows(queryset: QuerySet | Iterable[Model], fields: Iterable[str]) -> list[dict]:
    """Plain dicts of the named fields; choices as their French label, values as text."""
    fields = list(fields)
    return [{name: _value(row, name) for name in fields} for row in queryset]


def personal_data(candidate: Any) -> dict:
    return {name: build(candidate) for name, build in SECTIONS.items()}
