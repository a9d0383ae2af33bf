"""Page latency over keep-alive, relative to the bare view on the same server."""

import statistics
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

from bench import data
from bench.client import Connection
from candidates.models import Candidate, User
from centres.models import Centre, CentreMembership, Session

REQUESTS = 100
WARM_UP = 10
TIME_LIMIT = 30.0  # seconds per page: a slow page stops early, with at least MIN_SAMPLES
MIN_SAMPLES = 20


def session_cookie(user: User) -> dict:
    """A signed-in session made directly, as the login view would leave it."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
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


def bench_uppctsc() -> User:
    """UPPCTSC staff, for the admin's national view (one row, made here as bench_staff)."""
    user, _ = User.objects.get_or_create(
        username="bench-uppctsc",
        defaults={"email": "u@b.invalid", "is_staff": True, "is_superuser": True},
    )
    return user


def national_plan() -> list[tuple[str, str]]:
    """UPPCTSC's national view of the busy session: every request of it, grouped."""
    session = Session.objects.get(name=data.SESSION_NAME)
    return [("Admin vue nationale", f"/admin/vue-nationale/?session={session.pk}")]


def mine_candidate() -> Candidate:
    """The first generated candidate has three requests (two active, one closed)."""
    return Candidate.objects.filter(nuc__startswith=f"{data.NUC_YEAR}").order_by("pk").first()


def search_candidate() -> Candidate:
    """A candidate with no request in the open session, so that the search lists the centres
    (the first one's active E1 refuses an E1+E2 search: the page would be the form's error).
    The first of the fresh fifth: the rush takes them from the last."""
    session = Session.objects.get(name=data.SESSION_NAME)
    return (
        Candidate.objects.filter(nuc__startswith=f"{data.NUC_YEAR}")
        .exclude(registrations__session=session)
        .order_by("pk")
        .first()
    )


def back_office_plan(staff: User) -> list[tuple[str, str]]:
    """The back-office pages a centre's staff use all day, on the first busy centre."""
    centre = staff.centre_memberships.order_by("pk").first().centre
    registration = centre.registrations.order_by("-pk").first()
    return [
        ("Back-office tableau de bord", reverse("centre:dashboard")),
        ("Back-office demandes", reverse("centre:requests")),
        ("Back-office demandes à pré-valider", reverse("centre:requests") + "?statut=submitted"),
        ("Back-office une demande", reverse("centre:request", args=[registration.pk])),
        ("Back-office épreuves", reverse("centre:offers")),
    ]


def page_plan() -> list[tuple[str, str, dict | None]]:
    """(label, path, cookies); back-office pages only when they exist."""
    candidate_cookie = session_cookie(mine_candidate().user)
    searcher_cookie = session_cookie(search_candidate().user)
    query = urlencode({"examens": ["E1", "E2"], "departement": data.BUSY_DEPARTMENT}, doseq=True)
    plan = [
        ("Accueil /", "/", None),
        (f"Centres du {data.BUSY_DEPARTMENT} (E1+E2)", f"/inscription/centres/?{query}",
         searcher_cookie),
        ("Mes inscriptions", "/mes-inscriptions/", candidate_cookie),
    ]  # fmt: skip
    staff = bench_staff()
    staff_cookie = session_cookie(staff)
    plan += [(label, path, staff_cookie) for label, path in back_office_plan(staff)]
    uppctsc_cookie = session_cookie(bench_uppctsc())
    plan += [(label, path, uppctsc_cookie) for label, path in national_plan()]
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
