"""UPPCTSC's national view in /admin/ (``/admin/vue-nationale/``): the tables of
``registrations.national`` for one session, a bar chart drawn here as inline SVG (no script, no
CDN, the table beside it is the source of truth), and each table as CSV or XLSX."""

from dataclasses import dataclass
from typing import NamedTuple

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from centres.models import Session
from certifup.formats import integer_writer
from certifup.ids import parse_id
from certifup.spreadsheets import FORMATS, dataset, file_response
from registrations import national
from registrations.selectors import session_open_for_registration

BAR_MAX_WIDTH = 300
BAR_ROW_HEIGHT = 28


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: int
    width: int


class PageRow(NamedTuple):
    """A table's row as the page writes it: its heading, the text cells, then the
    right-aligned ones, counts written out. Split and written here, the template tests and
    formats no cell (with 3,000 cells that was a third of the page); the exports keep
    ``Table.rows`` as they are."""

    heading: object
    texts: tuple[object, ...]
    numbers: tuple[object, ...]


def page_rows(table: national.Table) -> list[PageRow]:
    write = integer_writer()

    def text(value: object) -> object:
        return write(value) if type(value) is int else value  # not a bool: « True »

    start = max(table.numeric_from, 1)  # the first cell is the row's heading in any case
    return [
        PageRow(text(row[0]), tuple(map(text, row[1:start])), tuple(map(text, row[start:])))
        for row in table.rows
    ]


def _require_uppctsc(request: HttpRequest) -> None:
    # admin_view lets in any staff account; the figures are UPPCTSC's, who see every request.
    if not request.user.has_perm("registrations.view_registration"):
        raise PermissionDenied


def _sessions() -> QuerySet[Session]:
    return Session.objects.order_by("-exams_start_on", "-pk")


def _chosen_session(request: HttpRequest) -> Session | None:
    """The session asked for, else the one open now, else the latest. An id that is not one
    of ours is a 404, never a 500."""
    raw = request.GET.get("session")
    if raw is None:
        return session_open_for_registration(now=timezone.now()) or _sessions().first()
    session_id = parse_id(raw)
    session = Session.objects.filter(pk=session_id).first() if session_id else None
    if session is None:
        raise Http404("Session inconnue.")
    return session


def status_bars(table: national.Table) -> list[Bar]:
    counts: list[tuple[str, int]] = []
    for label, count, *_ in table.rows[:-1]:  # the last row is the total
        assert isinstance(count, int)
        counts.append((str(label), count))
    largest = max((count for _, count in counts), default=0) or 1
    return [
        Bar(label, count, index * BAR_ROW_HEIGHT, round(BAR_MAX_WIDTH * count / largest))
        for index, (label, count) in enumerate(counts)
    ]


@require_GET
def national_view(request: HttpRequest) -> HttpResponse:
    _require_uppctsc(request)
    session = _chosen_session(request)
    tables = [build(session=session) for build in national.TABLES.values()] if session else []
    context = {
        **admin.site.each_context(request),
        "title": "Vue nationale",
        "sessions": list(_sessions()),
        "session": session,
        "tables": [(table, page_rows(table)) for table in tables],
        "bars": status_bars(tables[0]) if tables else [],
        "chart_height": len(tables[0].rows[:-1]) * BAR_ROW_HEIGHT if tables else 0,
        "formats": FORMATS,
    }
    return TemplateResponse(request, "admin/registrations/national.html", context)


@require_GET
def national_export(request: HttpRequest, table: str, extension: str) -> HttpResponse:
    _require_uppctsc(request)
    build = national.TABLES.get(table)
    session = _chosen_session(request)
    if build is None or extension not in FORMATS or session is None:
        raise Http404("Export inconnu.")
    built = build(session=session)
    data = dataset(built.rows, headers=built.headers, title=built.title)
    stem = f"vue-nationale-{built.slug}-{session.pk}-{timezone.localdate():%Y-%m-%d}"
    return file_response(data, extension=extension, stem=stem)
