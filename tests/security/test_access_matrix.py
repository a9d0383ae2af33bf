"""The full access matrix, generated from the URL configuration.

Every URL pattern of the project (the Django admin's internals aside, represented by a few of
its pages) must have an entry in ``ACCESS`` (``access_matrix_tables.py``): a URL added later
without one fails ``test_every_url_has_an_entry``. Each entry is tried by six visitors —
anonymous, candidate A, candidate B, staff of centre A, staff of centre B, UPPCTSC — with
candidate A's / centre A's objects in its ids; every answer must be « Cache-Control: private,
no-store » (certifup/caching.py). Pages are read with GET; actions are only POSTed
by those who must be refused, and the database is compared before and after: a refusal changes
nothing.
"""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from candidates.corrections import correction_request_create
from deferrals.models import Deferral, Reason
from deferrals.services import deferral_request
from registrations.closures import closure_declare
from registrations.models import RegistrationExam, WaitingEntry
from tests.deferrals.conftest import pdf_file
from tests.factories import advance, submit
from tests.security.access_matrix_tables import ACCESS, EXPECTED, POST_REFUSALS, ROLES


def _walk(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern


def project_urls() -> dict[str, URLPattern]:
    """Every named URL outside the admin, plus the admin pages listed in ACCESS."""
    found = {}
    for name, pattern in _walk(get_resolver()):
        if name.startswith("admin:") and name not in ACCESS:
            continue
        found[name] = pattern
    return found


def test_every_url_has_an_entry():
    missing = sorted(set(project_urls()) - set(ACCESS))
    assert not missing, f"URLs without an entry in the access matrix: {missing}"
    stale = sorted(set(ACCESS) - set(project_urls()))
    assert not stale, f"Entries for URLs that no longer exist: {stale}"
    assert len(ACCESS) >= 45


# --- The cast and its objects ----------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


@pytest.fixture
def objects(candidate, centre_a, session, exams, staff_a, now):
    """Candidate A's confirmed registration at centre A (E1, E2) with a deferral request on E1,
    and candidate A's pending request at centre A (E3, E4): the one an action would change."""
    registration = submit(candidate, centre_a, session, exams[:2], now)
    registration = advance(registration, to="confirmed", actor=staff_a, now=now)
    line = RegistrationExam.objects.get(registration=registration, exam=exams[0])
    deferral = deferral_request(
        line=line,
        reason=Reason.MEDICAL,
        file=pdf_file(),
        comment="",
        actor=candidate.user,
        now=now,
    )
    pending = submit(candidate, centre_a, session, exams[2:], now)
    correction = correction_request_create(
        candidate=candidate, field="birth_name", proposed_value="Autre", comment="", now=now
    )
    closure = closure_declare(
        centre=centre_a,
        first_day=now.date(),
        last_day=now.date(),
        reason="Inventaire",
        actor=staff_a,
        now=now,
    )
    return {
        "closure": closure,
        "correction": correction,
        "registration": registration,
        "line": line,
        "deferral": deferral,
        "pending": pending,
        "pending_line": pending.lines.first(),
    }


@pytest.fixture
def visitors(candidate, other_candidate, staff_a, staff_b, uppctsc):
    return {
        "anonymous": None,
        "candidate_a": candidate.user,
        "candidate_b": other_candidate.user,
        "staff_a": staff_a,
        "staff_b": staff_b,
        "uppctsc": uppctsc,
    }


def _kwargs(name: str, objects: dict, candidate) -> dict:
    from candidates.verification import email_verification_token

    registration, line = objects["registration"], objects["line"]
    pending, pending_line = objects["pending"], objects["pending_line"]
    by_name = {
        "candidates:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "candidates:verify_email": {
            "token": email_verification_token(candidate=candidate),
        },
        "registrations:detail": {"pk": registration.pk},
        "registrations:withdraw": {"pk": pending.pk},
        "registrations:waiting_leave": {"pk": _waiting_entry(objects).pk},
        "registrations:summary_pdf": {"pk": registration.pk},
        "centre:correction_apply": {"correction_id": objects["correction"].pk},
        "centre:correction_reject": {"correction_id": objects["correction"].pk},
        "deferrals:request": {"pk": registration.pk, "line_pk": line.pk},
        "deferrals:justification": {"pk": objects["deferral"].pk},
        "centre:remove_exam": {"registration_id": pending.pk, "line_id": pending_line.pk},
        "centre:offer": {"offer_id": line.exam_offer_id},
        "centre:closure": {"closure_id": objects["closure"].pk},
        "centre:attendance": {"offer_id": line.exam_offer_id},
        "admin:registrations_registration_change": {"object_id": registration.pk},
        "admin:candidates_candidate_change": {"object_id": candidate.pk},
        "national:export": {"table": "statuts", "extension": "csv"},
    }
    if name in by_name:
        return by_name[name]
    if "registration_id" in project_urls()[name].pattern.converters:
        # Actions on the pending request, which they would change if allowed.
        return {"registration_id": pending.pk}
    return {}


def _waiting_entry(objects: dict) -> WaitingEntry:
    """Candidate A's place on centre A's waiting list (written directly: A's requests there
    would refuse it)."""
    registration = objects["registration"]
    return WaitingEntry.objects.get_or_create(
        candidate=registration.candidate,
        session=registration.session,
        centre=registration.centre,
        defaults={"joined_at": registration.submitted_at},
    )[0]


def _snapshot() -> dict:
    """Every row of the project's own tables (users' last_login aside: signing in sets it)."""
    labels = ("candidates", "centres", "registrations", "payments", "deferrals", "notifications")
    rows = {}
    for label in labels:
        for model in apps.get_app_config(label).get_models():
            fields = [f.attname for f in model._meta.concrete_fields if f.name != "last_login"]
            rows[model._meta.label] = list(model.objects.order_by("pk").values(*fields))
    return rows


def _outcome(response) -> str | int:
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302:
        location = response["Location"]
        for login in ("candidates:login", "centre:login", "admin:login"):
            if location.split("?")[0] == reverse(login):
                return f"login:{login}"
        return "ok"
    return response.status_code


def _query(name: str, objects: dict) -> dict:
    """The search the journey's steps carry in their query string."""
    if name not in ("registrations:centres", "registrations:details", "registrations:no_centre"):
        return {}
    registration = objects["registration"]
    return {
        "examens": [objects["line"].exam.code],
        "departement": registration.centre.department_id,
        "centre": registration.centre_id,
    }


def _as(role: str, visitors: dict) -> Client:
    client = Client()
    if visitors[role] is not None:
        client.force_login(visitors[role])
    return client


@pytest.mark.parametrize("name", [name for name, kind in ACCESS.items() if kind in EXPECTED])
def test_pages(objects, visitors, candidate, name):
    url = reverse(name, kwargs=_kwargs(name, objects, candidate))
    expected = EXPECTED[ACCESS[name]]
    seen, stored = {}, []
    for role in ROLES:
        response = _as(role, visitors).get(url, _query(name, objects))
        seen[role] = _outcome(response)
        if not kept_by_no_cache(response):
            stored.append(f"{role} {response.status_code}")
        if seen[role] == "ok" and ACCESS[name] == "centre" and role == "staff_b":
            # Lists and exports are allowed, but centre A's candidate is not in them. (By NUC
            # and request reference: a generated name such as « Paris » may be in any page.)
            body = response.content.decode(errors="replace")
            assert candidate.nuc not in body and candidate.display_nuc not in body
            assert objects["registration"].reference not in body
    assert seen == expected, f"GET {url}"
    # Every answer, to every visitor (certifup/caching.py says why anonymous ones too).
    assert not stored, f"GET {url}: no « private, no-store » for {stored}"


def kept_by_no_cache(response) -> bool:
    """True when no cache, shared or the browser's, may store the response."""
    directives = {d.strip().lower() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


# A complete form: the refusal must come from who asks, not from what is missing.
def _form(objects: dict) -> dict:
    return {
        "demandes": [objects["pending"].pk],
        "reason": "Dossier incomplet.",
        "amount": "100",
        "method": "cheque",
        "received_on": "2026-03-10",
        "reference": "tampered",
        "message": "tampered",
        # Past the confirmation step (certifup/confirmation.py): the action itself is tried.
        "confirme": "1",
    }


@pytest.mark.parametrize("name", [name for name, kind in ACCESS.items() if kind in POST_REFUSALS])
def test_actions_are_refused_and_change_nothing(objects, visitors, candidate, name):
    url = reverse(name, kwargs=_kwargs(name, objects, candidate))
    expected = POST_REFUSALS[ACCESS[name]]
    before = _snapshot()
    seen = {}
    for role in expected:
        seen[role] = _outcome(_as(role, visitors).post(url, _form(objects)))
        after = _snapshot()
        changed = [label for label in before if before[label] != after[label]]
        assert not changed, f"POST {url} as {role} changed {changed}"
    assert seen == expected, f"POST {url}"


def test_the_justification_exists(objects):
    # So that the "ok" cells above read a real file, not a 410.
    assert Deferral.objects.get(pk=objects["deferral"].pk).has_file


def test_the_snapshot_sees_an_allowed_action(objects, visitors):
    # The control for the refusals above: the same POST by centre A's staff does change rows.
    url = reverse("centre:pre_validate", kwargs={"registration_id": objects["pending"].pk})
    before = _snapshot()
    assert _outcome(_as("staff_a", visitors).post(url, _form(objects))) == "ok"
    assert _snapshot() != before


def test_remove_exam_with_another_centres_line_is_404(objects, visitors, other_candidate, now):
    """A tampered line id: centre B's line in the URL of centre A's request, POSTed by centre
    A's staff, is a 404 and changes nothing."""
    from tests.factories import CentreFactory, offers_for

    registration = objects["pending"]
    centre_b = CentreFactory(name="Centre B")
    offers_for(centre=centre_b, session=registration.session, exams=[objects["line"].exam])
    foreign = submit(other_candidate, centre_b, registration.session, [objects["line"].exam], now)
    url = reverse(
        "centre:remove_exam",
        kwargs={"registration_id": registration.pk, "line_id": foreign.lines.first().pk},
    )
    own = reverse(
        "centre:remove_exam",
        kwargs={"registration_id": registration.pk, "line_id": objects["pending_line"].pk},
    )
    data = {"reason": "Inscrite par erreur."}
    before = _snapshot()
    assert _as("staff_a", visitors).post(url, data).status_code == 404
    assert _as("staff_b", visitors).post(own, data).status_code == 404
    assert _snapshot() == before
