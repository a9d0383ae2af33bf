"""How the platform writes values for people: one place, so pages, mails, PDFs, exports and
error messages never disagree."""

import functools
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.utils.formats import get_format, number_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language


def euros(amount: Decimal) -> str:
    """« 100,00 € »: French decimal comma, two decimals, no thousands separator (as Django's
    French number format writes it in the pages)."""
    return f"{decimal_comma(amount)} €"


def decimal_comma(amount: Decimal) -> str:
    """« 100,00 »: the amount alone, where the unit is said elsewhere (a column's header)."""
    return f"{amount:.2f}".replace(".", ",")


def integer_writer() -> Callable[[int], str]:
    """What writes a count in a page as Django's ``{{ value }}`` does, in the active language:
    « 12000 » (``USE_THOUSAND_SEPARATOR`` is off), « 12 000 » if it is turned on. Django
    looks up the language and three formats for every number (the national view writes
    2,200): take this once per page and call it for each count."""
    return _integer_writer(get_language(), settings.USE_THOUSAND_SEPARATOR)


@functools.cache
def _integer_writer(language: str | None, grouped: bool) -> Callable[[int], str]:
    grouping = get_format("NUMBER_GROUPING", language)
    # Safe text, as Django's: digits and a separator, nothing for the template to escape.
    if not grouped or grouping == 0:
        return SafeString
    if grouping == 3:
        separator = get_format("THOUSAND_SEPARATOR", language)
        return lambda value: SafeString(f"{value:,}".replace(",", separator))
    return number_format  # another grouping (by four in Chinese): Django's own, at its price
