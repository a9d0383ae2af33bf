"""« Corrections demandées » : the centre applies or rejects what its candidates reported,
sees only its own, and the list costs the same number of queries however long it is."""

import datetime
import html

import pytest
from django.urls import reverse

from candidates.corrections import correction_request_create
from candidates.models import CandidateCorrection, CorrectionRequest
from tests.factories import CandidateFactory, submit

pytestmark = pytest.mark.django_db

LIST = reverse("centre:corrections")
Status = CorrectionRequest.Status


def report(candidate, now, field="birth_name", value="Dupont-Martin", comment="Nom mal saisi"):
    return correction_request_create(
        candidate=candidate, field=field, proposed_value=value, comment=comment, now=now
    )


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _apply(item) -> str:
    return reverse("centre:correction_apply", kwargs={"correction_id": item.pk})


def _reject(item) -> str:
    return reverse("centre:correction_reject", kwargs={"correction_id": item.pk})


def test_the_list_shows_the_centres_requests_only(staff_client, request_a, request_b, now):
    mine = report(request_a.candidate, now, comment="Une lettre en trop")
    theirs = report(request_b.candidate, now, value="Autre-Nom")

    body = _text(staff_client.get(LIST))

    assert (mine.centre, theirs.centre) == (request_a.centre, request_b.centre)
    assert "Dupont-Martin" in body and "Une lettre en trop" in body
    assert request_a.candidate.display_nuc in body
    assert "Autre-Nom" not in body and request_b.candidate.display_nuc not in body
    assert "Appliquer" in body and "Rejeter" in body


def test_apply_corrects_the_candidate_and_writes_the_trail(staff_client, staff_a, request_a, now):
    candidate = request_a.candidate
    old = candidate.birth_name
    item = report(candidate, now)

    response = staff_client.post(_apply(item), {"next": LIST}, follow=True)

    assert response.redirect_chain[-1][0] == LIST
    assert "Correction appliquée : nom de naissance de" in _text(response)
    candidate.refresh_from_db()
    assert candidate.birth_name == "Dupont-Martin"
    trail = CandidateCorrection.objects.get()
    assert (trail.field, trail.old_value, trail.new_value, trail.corrected_by) == (
        "birth_name",
        old,
        "Dupont-Martin",
        staff_a,
    )
    assert trail.reason == "Demande du candidat : Nom mal saisi"
    item.refresh_from_db()
    assert (item.status, item.decided_by, item.decided_at) == (Status.APPLIED, staff_a, now)
    assert "Appliquée le" in _text(staff_client.get(LIST))


def test_a_birth_date_is_shown_and_applied_as_a_date(staff_client, request_a, now):
    item = report(request_a.candidate, now, field="birth_date", value="1990-05-17")
    assert "17/05/1990" in _text(staff_client.get(LIST))

    staff_client.post(_apply(item))

    request_a.candidate.refresh_from_db()
    assert request_a.candidate.birth_date == datetime.date(1990, 5, 17)


def test_reject_keeps_the_data_and_records_the_reason(staff_client, staff_a, request_a, now):
    candidate = request_a.candidate
    old = candidate.birth_name
    item = report(candidate, now)

    response = staff_client.post(_reject(item), {"note": "Pièce d'identité non conforme"})

    assert (response.status_code, response.url) == (302, LIST)
    candidate.refresh_from_db()
    assert candidate.birth_name == old
    assert not CandidateCorrection.objects.exists()
    item.refresh_from_db()
    assert (item.status, item.decided_by, item.decision_note) == (
        Status.REJECTED,
        staff_a,
        "Pièce d'identité non conforme",
    )
    assert "Rejetée le" in _text(staff_client.get(LIST))


def test_a_decided_request_cannot_be_decided_again(staff_client, request_a, now):
    item = report(request_a.candidate, now)
    staff_client.post(_reject(item))

    response = staff_client.post(_apply(item), follow=True)

    assert response.status_code == 200
    assert "Cette demande de correction est déjà rejetée." in _text(response)
    assert not CandidateCorrection.objects.exists()


def test_a_too_long_reason_is_refused_in_french(staff_client, request_a, now):
    item = report(request_a.candidate, now)
    response = staff_client.post(_reject(item), {"note": "x" * 2001}, follow=True)
    assert "Le motif ne doit pas dépasser 2000 caractères." in _text(response)
    item.refresh_from_db()
    assert item.status == Status.PENDING


def test_another_centres_request_is_a_404_and_stays_pending(staff_client, request_b, now):
    item = report(request_b.candidate, now)

    assert staff_client.post(_apply(item)).status_code == 404
    assert staff_client.post(_reject(item), {"note": "non"}).status_code == 404
    item.refresh_from_db()
    assert item.status == Status.PENDING
    request_b.candidate.refresh_from_db()
    assert request_b.candidate.birth_name != "Dupont-Martin"


def test_an_off_site_next_is_ignored(staff_client, request_a, now):
    item = report(request_a.candidate, now)
    response = staff_client.post(_reject(item), {"next": "https://example.com/"})
    assert response.url == LIST


def test_the_request_page_shows_its_candidates_requests_and_comes_back_to_it(
    staff_client, request_a, now
):
    item = report(request_a.candidate, now)
    page = reverse("centre:request", kwargs={"registration_id": request_a.pk})

    body = _text(staff_client.get(page))
    response = staff_client.post(_apply(item), {"next": page})

    assert "Corrections demandées par le candidat" in body and "Dupont-Martin" in body
    assert response.url == page
    item.refresh_from_db()
    assert item.status == Status.APPLIED


def test_the_dashboard_counts_pending_requests_and_links_to_them(staff_client, request_a, now):
    report(request_a.candidate, now)
    body = _text(staff_client.get(reverse("centre:dashboard")))
    assert "Corrections demandées (1 en attente)" in body
    assert f'href="{LIST}"' in body


def test_the_list_query_count_is_constant(
    staff_client, centre_a, session, exams, now, django_assert_max_num_queries
):
    def fill(count: int) -> None:
        for _ in range(count):
            candidate = CandidateFactory()
            submit(candidate, centre_a, session, exams[:1], now)
            report(candidate, now)

    # session + user (2), staff centres for the decorator (1), the requests of each centre
    # with their candidate and decider (1), savepoints (3).
    fill(1)
    with django_assert_max_num_queries(8) as few:
        staff_client.get(LIST)
    fill(6)
    CorrectionRequest.objects.filter(pk__in=CorrectionRequest.objects.all()[:3]).update(
        status=Status.REJECTED, decided_at=now
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(LIST)
    assert _text(response).count(">Appliquer</button>") == 4
