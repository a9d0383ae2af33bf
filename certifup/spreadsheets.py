"""CSV and XLSX files of tables: the centre's export (backoffice) and UPPCTSC's national view
(registrations admin) write them the same way. Below every app, so that neither imports the
other to reuse it.

The files are written by tablib, the library django-import-export reads and writes with, so
the admin's imports and these exports share one stack. The library's own formula escaping
(``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``) only drops a leading « = », losing the text and
letting « + - @ » through, so ``neutralise`` stays ours.
"""

from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from tablib import Dataset

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

# A cell starting with one of these is a formula for a spreadsheet: a candidate named
# « =HYPERLINK(…) » must stay text (OWASP « CSV injection »).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters (but tab, newline, carriage return) are not allowed in a worksheet: openpyxl
# refuses the whole file. A name is never meant to hold one.
_CONTROL = {code: None for code in range(32) if chr(code) not in "\t\n\r"}


def neutralise(value) -> str:
    text = "" if value is None else str(value).translate(_CONTROL)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def dataset(rows: Iterable[Sequence[object]], *, headers: Sequence[str], title: str) -> Dataset:
    """Every cell neutralised, whatever the caller passes."""
    cleaned = ([neutralise(value) for value in row] for row in rows)
    return Dataset(*cleaned, headers=list(headers), title=title[:31])  # a sheet name's limit


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def file_response(data: Dataset, *, extension: str, stem: str) -> HttpResponse:
    """``extension`` is one of FORMATS."""
    if extension == "csv":
        # UTF-8 with a BOM and semicolons: what a French spreadsheet opens without asking.
        text = "\ufeff" + data.export("csv", delimiter=";")
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    elif extension == "xlsx":
        response = HttpResponse(data.export("xlsx"), content_type=XLSX_TYPE)
    else:
        raise ValueError(f"unknown spreadsheet format {extension!r}")
    return attachment(response, f"{stem}.{extension}")
