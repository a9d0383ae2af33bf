"""UPPCTSC in /admin/: the list (pending first, filters), « Accepter » and « Refuser » through
their intermediate page and the services."""

import html

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from centres.models import ExamOffer
from deferrals.models import DeferralStatus
from deferrals.services import deferral_reject
from tests.deferrals.conftest import request
from tests.factories import CandidateFactory, advance, submit

CHANGELIST = reverse("admin:deferrals_deferral_changelist")


def text(response) -> str:
    """The page as read: entities decoded, runs of white space as one space."""
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.fixture
def admin_client(client, uppctsc):
    client.force_login(uppctsc)
    return client


def act(client, action, deferrals, **data):
    payload = {"action": action, helpers.ACTION_CHECKBOX_NAME: [d.pk for d in deferrals], **data}
    return client.post(CHANGELIST, payload)


def test_pending_requests_come_first(admin_client, confirmed, uppctsc, now):
    decided = request(confirmed, "E1", now=now)
    deferral_reject(deferral=decided, actor=uppctsc, now=now, note="Hors délai.")
    pending = request(confirmed, "E2", now=now)

    response = admin_client.get(CHANGELIST)

    rows = list(response.context["cl"].result_list)
    assert rows == [pending, decided]


@pytest.mark.parametrize(
    "query",
    ["status__exact=pending", "reason__exact=medical", "line__session__id__exact={session}",
     "line__registration__centre__id__exact={centre}"],
    ids=["status", "reason", "session", "centre"],
)  # fmt: skip
def test_filters(admin_client, confirmed, session, centre_a, now, query):
    deferral = request(confirmed, now=now)

    response = admin_client.get(
        f"{CHANGELIST}?{query.format(session=session.pk, centre=centre_a.pk)}"
    )

    assert list(response.context["cl"].result_list) == [deferral]


def test_list_query_count_is_constant(
    admin_client, session, exams, centre_a, staff_a, now, django_assert_max_num_queries
):
    def add_requests(count):
        for _ in range(count):
            registration = submit(CandidateFactory(), centre_a, session, exams[:1], now)
            request(advance(registration, to="confirmed", actor=staff_a, now=now), now=now)

    add_requests(2)
    with django_assert_max_num_queries(18) as few:
        admin_client.get(CHANGELIST)
    add_requests(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(CHANGELIST)
    assert text(response).count(" download>Télécharger</a>") == 7


def test_accept_shows_the_seats_then_carries_over(
    admin_client, confirmed, next_session, centre_a, now
):
    deferral = request(confirmed, now=now)

    page = text(act(admin_client, "accept", [deferral]))
    assert "Même centre, session Décembre 2026 : 10 place(s) restante(s) sur 10" in page
    response = act(admin_client, "accept", [deferral], apply="1", note="Certificat conforme.")

    assert response.status_code == 302
    deferral.refresh_from_db()
    assert deferral.status == DeferralStatus.ACCEPTED
    assert deferral.carried_over_line.registration.centre == centre_a
    messages = text(admin_client.get(response.url))
    assert "1 report(s) accepté(s)." in messages


def test_accept_elsewhere_needs_a_centre(admin_client, confirmed, next_session, centre_b, now):
    deferral = request(confirmed, "E2", now=now)

    page = text(act(admin_client, "accept", [deferral]))
    assert (
        "ne propose pas l'épreuve E2 à la session « Décembre 2026 » : choisissez un centre" in page
    )
    refused = admin_client.get(act(admin_client, "accept", [deferral], apply="1").url)
    assert "ne propose pas l'épreuve E2" in text(refused)
    deferral.refresh_from_db()
    assert deferral.status == DeferralStatus.PENDING

    act(admin_client, "accept", [deferral], apply="1", target_centre=centre_b.pk)
    deferral.refresh_from_db()
    assert deferral.carried_over_line.registration.centre == centre_b


def test_a_full_offer_is_shown_and_can_be_overridden(
    admin_client, confirmed, next_session, centre_a, now
):
    ExamOffer.objects.filter(session=next_session, centre=centre_a).update(capacity=0)
    deferral = request(confirmed, now=now)

    assert "<strong>complet</strong> (0 places)" in text(act(admin_client, "accept", [deferral]))
    act(admin_client, "accept", [deferral], apply="1")
    deferral.refresh_from_db()
    assert deferral.status == DeferralStatus.PENDING

    act(admin_client, "accept", [deferral], apply="1", override_capacity="on")
    deferral.refresh_from_db()
    assert deferral.status == DeferralStatus.ACCEPTED and deferral.capacity_overridden


def test_reject_needs_a_note(admin_client, confirmed, now):
    deferral = request(confirmed, now=now)

    page = act(admin_client, "reject", [deferral], apply="1", note="")
    assert page.status_code == 200
    assert "Indiquez le motif du refus" in text(page)

    act(admin_client, "reject", [deferral], apply="1", note="Attestation non signée.")
    deferral.refresh_from_db()
    assert (deferral.status, deferral.decision_note) == (
        DeferralStatus.REJECTED,
        "Attestation non signée.",
    )


def test_the_change_page_is_read_only_and_links_the_justification(admin_client, confirmed, now):
    deferral = request(confirmed, now=now)

    page = text(admin_client.get(reverse("admin:deferrals_deferral_change", args=[deferral.pk])))

    assert reverse("deferrals:justification", args=[deferral.pk]) in page
    assert 'name="_save"' not in page


def test_centre_staff_cannot_open_the_admin(client, staff_a, confirmed, now):
    request(confirmed, now=now)
    client.force_login(staff_a)

    assert client.get(CHANGELIST).status_code == 302  # to the admin login
