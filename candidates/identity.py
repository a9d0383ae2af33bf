"""Comparing identities the way a person would: without case, accents, hyphens or extra spaces."""

import datetime
import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-'’]+")


def normalise_name(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", without_accents).strip().casefold()


def usage_name_or_birth_name(*, usage_name: str, birth_name: str) -> str:
    """« Nom d'usage » is optional wherever it is asked: without one, a person is called by
    their birth name (the sign-up, the import, « Ma fiche » and the request form agree)."""
    return usage_name.strip() or birth_name


def identity_key(*, birth_name: str, first_names: str, birth_date: datetime.date) -> str:
    """One person, one account: the key the database keeps unique (DESIGN invariant 6)."""
    return "|".join(
        (normalise_name(birth_name), normalise_name(first_names), birth_date.isoformat())
    )
