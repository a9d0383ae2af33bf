"""What our admin templates add to Django's markup so that WCAG checkers (pa11y's
HTML_CodeSniffer) find every table header tied to its cells (templates/admin/)."""

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def row_header(cell: SafeString) -> SafeString:
    """A change list's first cell is a ``<th>`` (the link to the row) without a scope: it heads
    its row. Django builds the cell in Python (``items_for_result``), already escaped."""
    if cell.startswith("<th") and "scope=" not in cell.split(">", 1)[0]:
        return mark_safe('<th scope="row"' + cell[3:])  # noqa: S308  (already safe markup)
    return cell
