"""The registry of measurements: each takes the run's context and returns a dict; ``rows`` turns
the results into the table."""

import contextlib

from bench import optional, pages, rush, server, sweep
from bench.db import utcnow
from bench.invariants import violations
from bench.report import Row, yes_no

RUSH_GOAL, SWEEP_GOAL, MAIL_GOAL, PDF_GOAL = 0.15, 5.0, 200.0, 300.0
# Issue 16's goals, as a multiple of the bare view's median on the same server; a page without
# a goal is reported only.
PAGE_GOALS = {
    "Centres du": 8.0,
    "Mes inscriptions": 6.0,
    "Back-office tableau de bord": 10.0,
    "Back-office demandes": 10.0,  # the list, and the list « à pré-valider »
    "Back-office une demande": 8.0,
}


def page_goal(label: str) -> float | None:
    return next((goal for prefix, goal in PAGE_GOALS.items() if label.startswith(prefix)), None)


@contextlib.contextmanager
def serving(ctx, ports: list[int], proxy_port: int | None = None):
    """gunicorn on each port (and nginx in front when proxy_port is given), always stopped."""
    started = []
    try:
        workers = ctx["workers"] if len(ports) == 1 else max(1, ctx["workers"] // len(ports))
        for port in ports:
            started.append(
                server.gunicorn(port, ctx["env"], ctx["workdir"], workers, ctx["threads"])
            )
        if proxy_port is not None:
            started.append(server.nginx(proxy_port, ports, ctx["workdir"]))
        yield proxy_port or ports[0]
    finally:
        for process in reversed(started):
            process.stop()


def measure_pages(**ctx) -> dict:
    with serving(ctx, [ctx["port"]]) as port:
        results = {"bare": pages.measure(port, "/bench/bare/", None)}
        for label, path, cookies in pages.page_plan():
            results[label] = pages.measure(port, path, cookies)
    return results


def measure_rush_one(**ctx) -> dict:
    with serving(ctx, [ctx["port"]]) as port:
        insert = rush.insert_rush(port)
        submit = rush.submit_rush(port)
    return {"insert": insert, "submit": submit, "violations": violations()}


def measure_rush_two(**ctx) -> dict:
    base = ctx["port"]
    with serving(ctx, [base + 1, base + 2], proxy_port=base + 3) as port:
        insert = rush.insert_rush(port)
        submit = rush.submit_rush(port)
    return {"insert": insert, "submit": submit, "violations": violations()}


def measure_rush_statements(**ctx) -> dict:
    return {"statements": rush.statements_per_submit()}


def measure_sweep(**ctx) -> dict:
    now = utcnow()
    result = sweep.run(now)
    result["violations"] = violations()
    ratio = (result["service_s"] / result["service_n"]) / (result["raw_s"] / result["raw_n"])
    if ratio > SWEEP_GOAL:
        ctx["log"]("  objectif manqué : profil pyinstrument d'un balayage de 300 demandes")
        result["profile"] = sweep.profile(utcnow())
    return result


def measure_outbox(**ctx) -> dict:
    return optional.outbox_drain()


def measure_pdf(**ctx) -> dict:
    return optional.pdf_render()


REGISTRY = [
    ("pages", measure_pages),
    ("rush_one", measure_rush_one),
    ("rush_two", measure_rush_two),
    ("rush_statements", measure_rush_statements),
    ("sweep", measure_sweep),
    ("outbox", measure_outbox),
    ("pdf", measure_pdf),
]


def _page_rows(results) -> list[Row]:
    measured = results["pages"]
    bare = measured["bare"]["median"]
    rows = [
        Row(
            "Bare view (fixed string), median",
            f"{bare:.1f} ms (p95 {measured['bare']['p95']:.1f})",
        )
    ]
    for label, figures in measured.items():
        if label == "bare":
            continue
        ratio = figures["median"] / bare
        goal = page_goal(label)
        served = figures["statuses"] == [200]
        status = "" if served else f", HTTP {figures['statuses']}"
        rows.append(
            Row(f"Page {label}, median",
                f"{figures['median']:.1f} ms (p95 {figures['p95']:.1f}{status})",
                f"{bare:.1f} ms", f"{ratio:.1f}×",
                "report" if goal is None else f"≤ {goal:g}×",
                yes_no((None if served else False) if goal is None else served and ratio <= goal))
        )  # fmt: skip
    small, large = results["queries_small"], results["queries_large"]
    for label in large:
        q_small, q_large = small.get(label, {}).get("queries"), large[label]["queries"]
        rows.append(
            Row(f"SQL queries, {label}", f"{q_large} (100k requests)", f"{q_small} (1k requests)",
                "—", "constant", yes_no(q_small == q_large))
        )  # fmt: skip
    return rows


def _rush_rows(results) -> list[Row]:
    one, two = results["rush_one"], results["rush_two"]
    ratio = one["submit"]["rate"] / one["insert"]["rate"]
    bad_one, bad_two = sum(one["violations"].values()), sum(two["violations"].values())
    n = one["submit"]["count"]
    return [
        Row(f"Rush: submits/s, {rush.THREADS} candidates at once ({n} submits)",
            f"{one['submit']['rate']:.1f}/s", f"{one['insert']['rate']:.1f}/s (1-row insert)",
            f"{ratio:.0%}", "≥ 15 %", yes_no(ratio >= RUSH_GOAL)),
        Row("Rush: errors (non-302)", f"{one['submit']['errors']} / {n}", "—", "—", "0",
            yes_no(one["submit"]["errors"] == 0)),
        Row("Rush: invariant violations after (SQL)", str(bad_one), "—", "—", "0",
            yes_no(bad_one == 0)),
        Row("Rush via nginx → 2 gunicorn processes: submits/s",
            f"{two['submit']['rate']:.1f}/s", f"{one['submit']['rate']:.1f}/s (1 process)",
            f"{two['submit']['rate'] / one['submit']['rate']:.2f}×", "report", "—"),
        Row("Rush via nginx: errors / invariant violations",
            f"{two['submit']['errors']} / {bad_two}", "—", "—", "0 / 0",
            yes_no(two["submit"]["errors"] == 0 and bad_two == 0)),
        Row("1-row insert via nginx → 2 processes", f"{two['insert']['rate']:.1f}/s",
            f"{one['insert']['rate']:.1f}/s (1 process)",
            f"{two['insert']['rate'] / one['insert']['rate']:.2f}×", "report", "—"),
    ]  # fmt: skip


STATEMENTS_GOAL = 15


def _statement_rows(results) -> list[Row]:
    """One « Soumettre », in-process: its SQL statements, BEGIN and COMMIT included."""
    count = results["rush_statements"]["statements"]
    return [
        Row("Rush: SQL statements per submit (BEGIN/COMMIT included)", str(count), "—", "—",
            f"≤ {STATEMENTS_GOAL}", yes_no(count <= STATEMENTS_GOAL)),
    ]  # fmt: skip


def _other_rows(results) -> list[Row]:
    s = results["sweep"]
    # Per request, in case a batch came out smaller than asked.
    raw_per_request = s["raw_s"] / max(s["raw_n"], 1)
    ratio = (s["service_s"] / max(s["service_n"], 1)) / raw_per_request
    rows = [
        Row(f"Expiry sweep, {s['service_n']:,} overdue (service)", f"{s['service_s']:.1f} s",
            f"{s['raw_s']:.2f} s (raw SQL, {s['raw_n']:,})", f"{ratio:.1f}×", "≤ 5×",
            yes_no(ratio <= SWEEP_GOAL)),
        Row("Expiry sweep: invariant violations after", str(sum(s["violations"].values())),
            "—", "—", "0", yes_no(sum(s["violations"].values()) == 0)),
    ]  # fmt: skip
    outbox, pdf = results["outbox"], results["pdf"]
    drained = f"{outbox['rate']:.0f} mails/s ({outbox['mails']} mails, {outbox['tasks']} tasks)"
    rows.append(Row("Outbox drain, locmem, 1 worker", drained, goal="≥ 200/s",
                    met=yes_no(outbox["rate"] >= MAIL_GOAL)))  # fmt: skip
    pdf_figure = f"{pdf['median']:.0f} ms" + (
        "" if pdf.get("harfbuzz_subset", True) else " (no libharfbuzz-subset: fontTools fallback)"
    )
    rows.append(Row("PDF récapitulatif, median of 30", pdf_figure,
                    goal="≤ 300 ms", met=yes_no(pdf["median"] <= PDF_GOAL)))  # fmt: skip
    return rows


def rows(results) -> tuple[list[Row], list[str], str | None]:
    table = _page_rows(results) + _rush_rows(results) + _statement_rows(results)
    table += _other_rows(results)
    notes = [
        f"Pages: {pages.REQUESTS} sequential keep-alive requests each after {pages.WARM_UP} "
        "warm-up ones; gunicorn gthread on 127.0.0.1.",
    ]
    for key in ("rush_one", "rush_two", "sweep"):
        bad = {k: v for k, v in results[key]["violations"].items() if v}
        if bad:
            notes.append(f"{key}: invariant violations {bad}")
    return table, notes, results["sweep"].get("profile")
