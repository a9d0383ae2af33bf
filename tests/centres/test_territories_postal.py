"""A candidate's clock from their postal code (registrations.times names the zone by it)."""

import pytest

from centres.territories import PLACES, territory_for_postal_code


@pytest.mark.parametrize(
    ("postal_code", "department"),
    [
        ("75011", "75"),
        ("20000", "2A"),
        ("98714", "987"),
        ("97133", "977"),
        ("97150", "978"),
        ("97200", "972"),
        ("98800", "988"),
        (" 67 000", "67"),
    ],
)
def test_a_french_postal_code_gives_its_territory(postal_code, department):
    assert territory_for_postal_code(postal_code) == PLACES[department].territory


@pytest.mark.parametrize("postal_code", ["", "1000", "98000", "B-1000", "SW1A 1AA"])
def test_anything_else_names_no_clock(postal_code):
    assert territory_for_postal_code(postal_code) is None
