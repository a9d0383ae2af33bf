"""How the platform writes values for people: one place, so pages, mails, PDFs, exports and
error messages never disagree."""

from decimal import Decimal


def euros(amount: Decimal) -> str:
    """« 100,00 € »: French decimal comma, two decimals, no thousands separator (as Django's
    French number format writes it in the pages)."""
    return f"{decimal_comma(amount)} €"


def decimal_comma(amount: Decimal) -> str:
    """« 100,00 »: the amount alone, where the unit is said elsewhere (a column's header)."""
    return f"{amount:.2f}".replace(".", ",")
