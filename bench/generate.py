"""``python -m bench.generate MARKER`` (called by bench.db.ensure): fill a freshly migrated
bench database at the scale the marker names."""

import sys
import time

import django


def main(marker: str) -> None:
    django.setup()
    from django.db import connection, transaction

    from bench import data
    from bench.db import ensure_bench_tables, utcnow, write_marker

    scale = {data.FULL.marker: data.FULL, data.SMALL.marker: data.SMALL}[marker]
    started = time.monotonic()
    data.generate(scale, now=utcnow())
    with transaction.atomic(), connection.cursor() as cursor:
        ensure_bench_tables(cursor)
        write_marker(cursor, marker)
        cursor.execute("ANALYZE")
    print(f"  données générées en {time.monotonic() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
