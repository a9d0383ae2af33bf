"""``make bench``: generate (once) the bench data, serve it with gunicorn on loopback, measure,
print the table and write it into docs/performance.md. Every count and wait is bounded."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

from bench import db  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "18770"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def prepare_databases() -> None:
    from bench import scale as data  # Django-free: importable before django.setup()

    for url, scale in ((db.database_url(), data.FULL), (db.database_url(True), data.SMALL)):
        spent = db.ensure(url, scale.marker, log)
        if spent:
            log(f"  prêt en {spent:.0f} s (migrations comprises)")


def settle() -> None:
    """VACUUM ANALYZE the full data set before measuring: the previous run's rush and sweep
    changed tens of thousands of rows, and an autovacuum starting in the middle of the page
    measures made two runs of the same code differ by a quarter."""
    import psycopg

    started = time.monotonic()
    with psycopg.connect(db.database_url(), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
    log(f"VACUUM ANALYZE en {time.monotonic() - started:.0f} s")


def query_counts(small: bool) -> dict:
    env = db.django_env(db.database_url(small))
    out = subprocess.run(
        [sys.executable, "-m", "bench.queries"], env=env, check=True, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def _empty_broker() -> None:
    """The tasks the pages and sweeps queued: no worker was meant to run them."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("redis://"):
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()


def main() -> int:
    prepare_databases()
    settle()
    os.environ["DATABASE_URL"] = db.database_url()
    import django

    django.setup()
    from bench import measures

    results: dict = {"queries_small": query_counts(True), "queries_large": query_counts(False)}
    log("Requêtes par page comptées (petit et grand jeu de données).")
    workdir = Path(tempfile.mkdtemp(prefix="certifup-bench-"))
    env = db.django_env(db.database_url())
    for name, measure in measures.REGISTRY:
        log(f"Mesure : {name}…")
        started = time.monotonic()
        results[name] = measure(env=env, workdir=workdir, port=PORT, workers=WORKERS,
                                threads=THREADS, log=log)  # fmt: skip
        log(f"  {name} : {time.monotonic() - started:.0f} s")
    _empty_broker()
    rows, notes, profile = measures.rows(results)
    from bench import report

    print()
    print(report.text_table(rows))
    for note in notes:
        print(f"- {note}")
    report.write_doc(rows, when=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), notes=notes,
                     profile=profile)  # fmt: skip
    log(f"Tableau écrit dans {report.DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
