"""NUC, the Numéro Unique de Candidat: 2-digit year + 6-digit sequence + 1 Luhn check digit.

NUCs imported from the previous system keep whatever format they had; only new ones follow this.
"""

import re

NEW_NUC = re.compile(r"^\d{9}$")
_NOT_NUC_CHARS = re.compile(r"[\s\-.]+")


def luhn_check_digit(digits: str) -> int:
    total = 0
    # Double every second digit starting from the right of the payload (the check digit's left).
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return (10 - total % 10) % 10


def make_nuc(*, year: int, sequence: int) -> str:
    payload = f"{year % 100:02d}{sequence:06d}"
    return f"{payload}{luhn_check_digit(payload)}"


def normalise_nuc(value: str) -> str:
    """What people type (« 26 000123-4 », lower case) becomes the stored form."""
    return _NOT_NUC_CHARS.sub("", value).upper()


def is_valid_new_nuc(nuc: str) -> bool:
    return bool(NEW_NUC.match(nuc)) and luhn_check_digit(nuc[:-1]) == int(nuc[-1])


def format_nuc(nuc: str) -> str:
    """« 26 000123 4 » for display; imported NUCs are shown as they are."""
    if NEW_NUC.match(nuc):
        return f"{nuc[:2]} {nuc[2:8]} {nuc[8]}"
    return nuc
