"""The registration rush: N candidates submit at once, each on their own keep-alive connection,
after having fetched the form (CSRF cookie and token) like a browser. Compared with the trivial
insert view under the same concurrency."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from bench import data
from bench.client import CSRF_INPUT, Connection
from bench.pages import session_cookie
from candidates.models import Candidate
from centres.models import Centre, Session

THREADS = 50
PER_THREAD = 6
FORM = "/inscription/formulaire/"


def fresh_candidates(count: int) -> list[Candidate]:
    """Generated candidates without any request in the open session (the last fifth)."""
    session = Session.objects.get(name=data.SESSION_NAME)
    found = list(
        Candidate.objects.filter(nuc__startswith=f"{data.NUC_YEAR}")
        .exclude(registrations__session=session)
        .select_related("user")
        .order_by("-pk")[:count]
    )
    if len(found) < count:
        raise RuntimeError(
            "Plus assez de candidats neufs pour la ruée : "
            "supprimez la base certifup_bench pour la régénérer."
        )
    return found


def _fields(candidate: Candidate, centre_id: int) -> dict:
    return {
        "examens": ["E1", "E2"], "centre": centre_id, "submission_key": str(uuid.uuid4()),
        "birth_name": candidate.birth_name, "usage_name": candidate.usage_name,
        "first_names": candidate.first_names, "birth_date": candidate.birth_date.isoformat(),
        "email": candidate.email, "phone": candidate.phone, "address": candidate.address,
        "postal_code": candidate.postal_code, "city": candidate.city, "soumettre": "1",
    }  # fmt: skip


def prepare(port: int, candidates: list[Candidate]) -> list[tuple[Connection, str]]:
    """Each candidate signs in (a session row), GETs the form and keeps its CSRF token."""
    centres = list(
        Centre.objects.filter(name__startswith="Centre bench")
        .order_by("pk")
        .values_list("pk", flat=True)
    )

    # Sessions are written here, in the main thread: a database connection per thread would
    # hold 50 more connections open on a PostgreSQL shared with others.
    work = [
        (session_cookie(candidate.user), _fields(candidate, centres[(i * 7) % len(centres)]))
        for i, candidate in enumerate(candidates)
    ]

    def one(cookie_fields):
        cookie, fields = cookie_fields
        conn = Connection(port, cookie)
        query = urlencode({"examens": ["E1", "E2"], "centre": fields["centre"]}, doseq=True)
        status, _, body = conn.request("GET", f"{FORM}?{query}")
        token = CSRF_INPUT.search(body.decode())
        if status != 200 or token is None:
            raise RuntimeError(f"formulaire inaccessible ({status}) : {fields['birth_name']}")
        return conn, urlencode({**fields, "csrfmiddlewaretoken": token.group(1)}, doseq=True)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(one, work))


def fire(requests: list[tuple[Connection, str, str]]) -> dict:
    """Split ``requests`` (connection, path, body) over THREADS threads released together;
    returns the rate over the whole burst and the non-302 answers."""
    chunks = [requests[i::THREADS] for i in range(THREADS)]
    barrier = threading.Barrier(len(chunks) + 1)
    results: list[int] = []
    lock = threading.Lock()

    def worker(chunk):
        barrier.wait()
        for conn, path, body in chunk:
            try:
                status, _, _ = conn.request("POST", path, body, _FORM_HEADERS)
            except OSError:
                status = 0
            with lock:
                results.append(status)

    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.perf_counter() - started
    errors = sum(1 for status in results if status != 302)
    return {"rate": len(results) / elapsed, "count": len(results), "errors": errors}


_FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


def submit_rush(port: int) -> dict:
    candidates = fresh_candidates(THREADS * PER_THREAD)
    prepared = prepare(port, candidates)
    # Referer is checked by CSRF only over HTTPS; Origin matches the host here.
    return fire([(conn, FORM, body) for conn, body in prepared])


def statements_per_submit() -> int:
    """The SQL statements of one « Soumettre » (BEGIN and COMMIT included), in-process through
    Django's test client, for a fresh candidate who has fetched the form first (as in the rush:
    the session is not renewed by the submit)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    candidate = fresh_candidates(1)[0]
    centre = Centre.objects.filter(name__startswith="Centre bench").order_by("pk").first()
    assert centre is not None
    client = Client()
    for name, value in session_cookie(candidate.user).items():
        client.cookies[name] = value
    fields = _fields(candidate, centre.pk)
    client.get(FORM, {"examens": fields["examens"], "centre": centre.pk})
    with CaptureQueriesContext(connection) as statements:
        status = client.post(FORM, fields).status_code
    if status != 302:
        raise RuntimeError(f"« Soumettre » a répondu {status} au lieu de 302.")
    return len(statements)


def insert_rush(port: int) -> dict:
    """The same shape of burst against the one-row insert view."""
    conns = [Connection(port) for _ in range(THREADS)]
    requests = [
        (conns[i % THREADS], "/bench/insert/", f"k={uuid.uuid4()}")
        for i in range(THREADS * PER_THREAD)
    ]
    return fire(requests)
