"""Page latency over keep-alive, relative to the bare view on the same server."""

import statistics
import time
from urllib.parse import urlencode

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import NoReverseMatch, get_resolver, reverse

from bench import data
from bench.client import Connection
from candidates.models import Candidate, User
from centres.models import Centre, CentreMembership

REQUESTS = 100
WARM_UP = 10
TIME_LIMIT = 30.0  # seconds per page: a slow page stops early, with at least MIN_SAMPLES
MIN_SAMPLES = 20
BACK_OFFICE_NAMESPACE = "centre"


def session_cookie(user: User) -> dict:
    """A signed-in session made directly, as the login view would leave it."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {"sessionid": store.session_key}


def bench_staff() -> User:
    """Staff of the first busy centre (made here, not by the generator: it is one row)."""
    user, _ = User.objects.get_or_create(
        username="bench-personnel", defaults={"email": "p@b.invalid"}
    )
    centre = Centre.objects.filter(name__startswith="Centre bench").order_by("pk").first()
    CentreMembership.objects.get_or_create(user=user, centre=centre)
    return user


def mine_candidate() -> Candidate:
    """The first generated candidate has three requests (two active, one closed)."""
    return Candidate.objects.filter(nuc__startswith=f"{data.NUC_YEAR}").order_by("pk").first()


def back_office_paths() -> dict[str, str]:
    """The no-argument pages of the /centre/ back-office, when it is in the URL conf."""
    resolver = get_resolver()
    if BACK_OFFICE_NAMESPACE not in resolver.namespace_dict:
        return {}
    sub = resolver.namespace_dict[BACK_OFFICE_NAMESPACE][1]
    paths = {}
    for name in sorted(k for k in sub.reverse_dict if isinstance(k, str)):
        try:
            paths[f"centre:{name}"] = reverse(f"{BACK_OFFICE_NAMESPACE}:{name}")
        except NoReverseMatch:
            continue  # needs arguments: a detail page, not a list
    return dict(list(paths.items())[:6])


def page_plan() -> list[tuple[str, str, dict | None]]:
    """(label, path, cookies); back-office pages only when they exist."""
    candidate_cookie = session_cookie(mine_candidate().user)
    query = urlencode({"examens": ["E1", "E2"], "departement": data.BUSY_DEPARTMENT}, doseq=True)
    plan = [
        ("Accueil /", "/", None),
        (f"Centres du {data.BUSY_DEPARTMENT} (E1+E2)", f"/inscription/centres/?{query}",
         candidate_cookie),
        ("Mes inscriptions", "/mes-inscriptions/", candidate_cookie),
    ]  # fmt: skip
    back_office = back_office_paths()
    if back_office:
        staff_cookie = session_cookie(bench_staff())
        plan += [(f"Back-office {name}", path, staff_cookie) for name, path in back_office.items()]
    return plan


def measure(port: int, path: str, cookies: dict | None) -> dict:
    conn = Connection(port, cookies)
    timings, statuses = [], set()
    deadline = time.monotonic() + TIME_LIMIT
    for i in range(WARM_UP + REQUESTS):
        if len(timings) >= MIN_SAMPLES and time.monotonic() > deadline:
            break
        started = time.perf_counter()
        status, _, _ = conn.request("GET", path)
        elapsed = (time.perf_counter() - started) * 1000
        statuses.add(status)
        if i >= WARM_UP:
            timings.append(elapsed)
    conn.close()
    return {
        "samples": len(timings),
        "median": statistics.median(timings),
        "p95": statistics.quantiles(timings, n=20)[-1],
        "statuses": sorted(statuses),
    }
