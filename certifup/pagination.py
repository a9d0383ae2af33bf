"""A page of a long list with the list's length, in one query instead of two."""

from collections.abc import Callable
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

# Reads a slice of the list: its rows, and the length of the whole list (0 when the slice is
# empty), taken by the slice's own query with ``with_total``.
Read = Callable[[QuerySet[Any]], tuple[list[Any], int]]


def with_total(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Each row carries ``list_total``, the length of the whole list: ``COUNT(*) OVER ()`` is
    computed before the LIMIT (and after any GROUP BY)."""
    return queryset.annotate(list_total=Window(Count("pk")))


def _instances(sliced: QuerySet[Any]) -> tuple[list[Any], int]:
    rows = list(sliced)
    return rows, rows[0].list_total if rows else 0


def page_with_count(
    queryset: QuerySet[Any], number: str | None, *, per_page: int, read: Read | None = None
) -> Page:
    """``Paginator(queryset, per_page).get_page(number)`` without its separate COUNT: the
    page's rows carry the list's length. ``read`` turns a slice into rows (model instances of
    ``with_total(queryset)`` by default; the page's ``object_list`` is what it returns). A
    number that is not a plain one, or a page past the end, takes the paginator's own way,
    which answers them as before (the first page, the last one)."""
    if read is None:
        read, queryset = _instances, with_total(queryset)
    paginator = Paginator(queryset, per_page)
    wanted = 1 if number is None else int(number) if number.isdigit() else 0
    if wanted >= 1:
        start = (wanted - 1) * per_page
        rows, total = read(queryset[start : start + per_page])
        if rows or wanted == 1:
            paginator.count = total  # the paginator's cached property, known here
            return Page(rows, wanted, paginator)
    page = paginator.get_page(number)
    page.object_list, _ = read(cast(QuerySet[Any], page.object_list))
    return page
