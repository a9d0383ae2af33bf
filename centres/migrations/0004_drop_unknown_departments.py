"""Unknown département codes out before the constraint of 0005 (a separate migration: on
PostgreSQL, rows deleted in a transaction leave FK trigger events that forbid ALTER TABLE)."""

from django.db import migrations
from django.db.models.deletion import ProtectedError

# The codes as of this migration (centres.territories.PLACES then), frozen on purpose.
KNOWN = {
    "01",
    "02",
    "03",
    "04",
    "05",
    "06",
    "07",
    "08",
    "09",
    "10",
    "11",
    "12",
    "13",
    "14",
    "15",
    "16",
    "17",
    "18",
    "19",
    "21",
    "22",
    "23",
    "24",
    "25",
    "26",
    "27",
    "28",
    "29",
    "2A",
    "2B",
    "30",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "39",
    "40",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "47",
    "48",
    "49",
    "50",
    "51",
    "52",
    "53",
    "54",
    "55",
    "56",
    "57",
    "58",
    "59",
    "60",
    "61",
    "62",
    "63",
    "64",
    "65",
    "66",
    "67",
    "68",
    "69",
    "70",
    "71",
    "72",
    "73",
    "74",
    "75",
    "76",
    "77",
    "78",
    "79",
    "80",
    "81",
    "82",
    "83",
    "84",
    "85",
    "86",
    "87",
    "88",
    "89",
    "90",
    "91",
    "92",
    "93",
    "94",
    "95",
    "971",
    "972",
    "973",
    "974",
    "975",
    "976",
    "977",
    "978",
    "986",
    "987",
    "988",
}


def drop_unused_unknown_codes(apps, schema_editor):
    """0002 loaded only known codes; a row added by hand since ("984", "2a") is dropped when
    nothing points at it. One a centre (or an alert) points at stops the migration: which
    département that centre is really in is a person's call, not a guess made here."""
    Department = apps.get_model("centres", "Department")
    kept = []
    for department in Department.objects.exclude(code__in=KNOWN):
        try:
            department.delete()
        except ProtectedError:
            kept.append(department.code)
    if kept:
        raise RuntimeError(
            f"Unknown département codes still in use: {sorted(kept)}. In /admin/, move their "
            "centres to the right département, delete these rows, then migrate again."
        )


class Migration(migrations.Migration):
    dependencies = [("centres", "0003_session_deferral_days_after_exam")]

    operations = [migrations.RunPython(drop_unused_unknown_codes, migrations.RunPython.noop)]
