"""Justification files are health and employment data: kept only N months after the decision
(``DEFERRAL_FILE_RETENTION_MONTHS``). The request, its decision and the file's metadata stay,
as the record that a file existed."""

import calendar
import datetime

from django.conf import settings
from django.db import transaction

from deferrals.models import Deferral


def deferral_files_purge(*, now: datetime.datetime) -> int:
    """Delete the files due for deletion; return how many. Idempotent, and safe when two runs
    overlap: each row is locked in turn, and one the other run holds is left to it."""
    cutoff = months_before(now, settings.DEFERRAL_FILE_RETENTION_MONTHS)
    due = (
        Deferral.objects.filter(decided_at__lte=cutoff, file_deleted_at__isnull=True)
        .exclude(justification="")
        .values_list("pk", flat=True)
    )
    purged = 0
    for pk in list(due):
        with transaction.atomic():
            deferral = (
                Deferral.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, file_deleted_at__isnull=True)
                .first()
            )
            if deferral is None:
                continue
            # The file goes first: should the row's update fail, the next run finds the row
            # still due and deleting a missing file is a no-op.
            assert deferral.justification.name is not None  # its file is not deleted yet
            deferral.justification.storage.delete(deferral.justification.name)
            deferral.justification = ""
            deferral.file_deleted_at = now
            deferral.save(update_fields=["justification", "file_deleted_at"])
            purged += 1
    return purged


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time ``months`` earlier, or that month's last day (31 → 30, 28…)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
