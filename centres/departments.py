"""The `Department` rows: one per place of `centres.territories`, which owns the list."""

from centres.territories import PLACES

# (code, name) pairs, as the data migration 0002 has always read them.
DEPARTMENTS: list[tuple[str, str]] = [(place.code, place.name) for place in PLACES.values()]


def departments_ensure() -> None:
    """Idempotent: the data migration and the demo data both call it."""
    from centres.models import Department

    for code, name in DEPARTMENTS:
        Department.objects.update_or_create(code=code, defaults={"name": name})
