"""The data sizes, importable before Django is set up (the runner picks one by marker)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    centres: int = 2_000
    busy_centres: int = 200  # of which in BUSY_DEPARTMENT
    candidates: int = 50_000
    registrations: int = 100_000
    capacity: int = 60

    @property
    def marker(self) -> str:
        return f"v2:{self.centres}:{self.busy_centres}:{self.candidates}:{self.registrations}"


FULL = Scale()
SMALL = Scale(centres=40, busy_centres=8, candidates=500, registrations=1_000)
