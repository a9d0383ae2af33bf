"""The requests list: filters, search, and a query count that does not grow with the rows."""

import datetime
import html

import pytest
from django.urls import reverse

from registrations.models import Status
from tests.factories import CandidateFactory, SessionFactory, advance, offers_for, submit

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_lists_the_centres_requests_with_their_columns(staff_client, request_a, request_b):
    body = _text(staff_client.get(reverse("centre:requests")))
    candidate = request_a.candidate
    assert request_a.reference in body and candidate.display_nuc in body
    assert request_b.reference not in body
    assert "E1, E2" in body
    assert "mardi 10 mars 2026 à 10 h 00" in body  # submitted at, in Paris time


def test_filters_by_status_exam_and_session(staff_client, staff_a, centre_a, session, exams):
    submitted = submit(CandidateFactory(), centre_a, session, [exams[0]])
    pre_validated = advance(
        submit(CandidateFactory(), centre_a, session, [exams[1]]),
        to=Status.PRE_VALIDATED,
        actor=staff_a,
    )
    url = reverse("centre:requests")
    body = _text(staff_client.get(url, {"statut": "pre_validated"}))
    assert pre_validated.reference in body and submitted.reference not in body
    body = _text(staff_client.get(url, {"epreuve": exams[0].code}))
    assert submitted.reference in body and pre_validated.reference not in body
    other = SessionFactory(name="Décembre 2026")
    body = _text(staff_client.get(url, {"session": other.pk}))  # not one of the centre's
    assert submitted.reference in body  # an unknown filter is ignored, not a 500


def test_search_by_nuc_or_names(staff_client, centre_a, session, exams):
    found = CandidateFactory(birth_name="Teriitehau", first_names="Moana")
    other = CandidateFactory(birth_name="Dupont", first_names="Jean")
    mine = submit(found, centre_a, session, [exams[0]])
    theirs = submit(other, centre_a, session, [exams[0]])
    url = reverse("centre:requests")
    for query in ("teriitehau", "Moana Teriitehau", found.display_nuc):
        body = _text(staff_client.get(url, {"q": query}))
        assert mine.reference in body and theirs.reference not in body, query


def _fill(centre, session, exams, count: int) -> None:
    for _ in range(count):
        submit(CandidateFactory(), centre, session, exams[:2])


def test_query_count_is_constant(
    staff_client, centre_a, session, exams, django_assert_max_num_queries
):
    # session + user with its candidate, if any (2), staff centres for the decorator (1),
    # sessions and exams of the filter form (2), the rows with their candidate and the list's
    # total (1), their lines with exams (1), the session's save in a savepoint (3).
    url = reverse("centre:requests")
    _fill(centre_a, session, exams, 2)
    with django_assert_max_num_queries(10) as few:
        staff_client.get(url)
    _fill(centre_a, session, exams, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(url)
    assert response.context["page"].paginator.count == 22


def test_dashboard_shows_waiting_due_and_seats(
    staff_client, staff_a, centre_a, session, exams, now
):
    waiting = submit(CandidateFactory(), centre_a, session, [exams[0]])
    due = submit(CandidateFactory(), centre_a, session, [exams[1]])
    # Pre-validated last Thursday: due three working days later, this morning.
    advance(due, to=Status.PRE_VALIDATED, actor=staff_a, now=now - datetime.timedelta(days=5))
    later = submit(CandidateFactory(), centre_a, session, [exams[2]])
    advance(later, to=Status.PRE_VALIDATED, actor=staff_a)
    response = staff_client.get(reverse("centre:dashboard"))
    body = _text(response)
    assert [r.pk for r in response.context["waiting"]] == [waiting.pk]
    assert [r.pk for r in response.context["due"]] == [due.pk]
    assert later.reference not in body
    assert "1 / 10" in body


def test_dashboard_query_count_is_constant(
    staff_client, centre_a, session, exams, django_assert_max_num_queries
):
    _fill(centre_a, session, exams, 1)
    url = reverse("centre:dashboard")
    # session + user with its candidate, if any (2), staff centres for the decorator (1),
    # each list's rows with their candidate and total (2), their lines with exams (1), the
    # pending corrections (1), the offers (1), the session's save in a savepoint (3).
    with django_assert_max_num_queries(11) as few:
        staff_client.get(url)
    _fill(centre_a, session, exams, 15)
    offers_for(centre=centre_a, session=SessionFactory(), exams=exams)
    with django_assert_max_num_queries(len(few.captured_queries)):
        staff_client.get(url)


def test_a_busy_dashboard_shows_the_oldest_requests_and_links_to_the_rest(
    staff_client, centre_a, session, exams
):
    _fill(centre_a, session, exams, 23)
    response = staff_client.get(reverse("centre:dashboard"))
    body = _text(response)
    shown = response.context["waiting"]
    assert len(shown) == 20
    assert [r.submitted_at for r in shown] == sorted(r.submitted_at for r in shown)
    assert "Demandes à pré-valider (23)" in body
    assert "voir les 23 demandes à pré-valider" in body
    assert f'href="{reverse("centre:requests")}?statut=submitted"' in body
