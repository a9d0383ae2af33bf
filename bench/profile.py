"""``python -m bench.profile [LABEL …] [-n N] [--profile]``: the pages of ``make bench``, served
in-process by Django's test client on the bench database (``make bench`` made it), each timed
over N requests against the bare view of the same process; ``--profile`` prints where one page's
time goes (pyinstrument).

CPU time (``time.process_time``) is the figure to compare between two versions of the code: it
counts this process only, so it moves far less than wall time on a machine doing other work.
The database's own time is in the wall figure, not in the CPU one. ``make bench`` remains the
measure of record (gunicorn over loopback, idle machine)."""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def _client(cookies: dict | None):
    from django.test import Client

    client = Client()
    for name, value in (cookies or {}).items():
        client.cookies[name] = value
    return client


def timed(path: str, cookies: dict | None, n: int) -> tuple[float, float, int]:
    """(median wall ms, median CPU ms, status) over ``n`` requests after 5 warm-up ones."""
    client = _client(cookies)
    for _ in range(5):
        status = client.get(path).status_code
    walls, cpus = [], []
    for _ in range(n):
        wall, cpu = time.perf_counter(), time.process_time()
        client.get(path)
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return statistics.median(walls), statistics.median(cpus), status


def profiled(path: str, cookies: dict | None, n: int) -> str:
    from pyinstrument import Profiler

    client = _client(cookies)
    for _ in range(5):
        client.get(path)
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(n):
            client.get(path)
    return profiler.output_text(unicode=True, color=False, show_all=False)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="*", help="pages whose label contains one of these")
    parser.add_argument("-n", type=int, default=50, help="requests per page (50)")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profile of each")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from bench import pages

    plan = [
        (label, path, cookies)
        for label, path, cookies in pages.page_plan()
        if not args.labels or any(part.lower() in label.lower() for part in args.labels)
    ]
    bare_wall, bare_cpu, status = timed("/bench/bare/", None, args.n)
    flag = "" if status == 200 else f"  HTTP {status}"
    print(f"{'page':<48} {'wall ms':>8} {'CPU ms':>8} {'CPU ×bare':>9}")
    print(f"{'Bare view':<48} {bare_wall:>8.2f} {bare_cpu:>8.2f} {1:>9.1f}{flag}")
    for label, path, cookies in plan:
        wall, cpu, status = timed(path, cookies, args.n)
        flag = "" if status == 200 else f"  HTTP {status}"
        print(f"{label:<48} {wall:>8.2f} {cpu:>8.2f} {cpu / bare_cpu:>9.1f}{flag}")
        if args.profile:
            print(profiled(path, cookies, args.n))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
