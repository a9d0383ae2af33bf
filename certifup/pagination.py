"""A page of a long list with the list's length, in one query instead of two."""

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window


def page_with_count(queryset: QuerySet[Any], number: str | None, *, per_page: int) -> Page:
    """``Paginator(queryset, per_page).get_page(number)`` without its separate COUNT: the
    page's rows carry the list's length (``COUNT(*) OVER ()`` is computed before the LIMIT,
    after any GROUP BY). A page past the end, a number below one or an empty list fall back
    to the paginator, which answers them as before (the last page, the empty first one)."""
    paginator = Paginator(queryset, per_page)
    try:
        number_given = int(number or 1)
    except ValueError:
        number_given = 1  # as the paginator: what is not a number is the first page
    if number_given < 1:
        return paginator.get_page(number)
    start = (number_given - 1) * per_page
    rows = list(queryset.annotate(page_list_total=Window(Count("pk")))[start : start + per_page])
    if not rows:
        return paginator.get_page(number)
    paginator.count = rows[0].page_list_total  # the paginator's cached property, known here
    return Page(rows, number_given, paginator)
