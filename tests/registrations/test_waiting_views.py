"""The waiting list in the candidate's pages, and in the centre's back-office: join from the
centre list, the position and the offer in « Mes inscriptions », leaving, the waiting count per
exam, and a capacity raised that makes offers at once."""

import html

import pytest
from django.urls import reverse

from centres.models import ExamOffer
from registrations.models import WaitingEntry, WaitingStatus
from registrations.services import registration_withdraw
from registrations.waiting import waiting_join
from tests.factories import (
    CandidateFactory,
    CentreFactory,
    offers_for,
    submit,
)

MINE = reverse("registrations:mine")


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def client_candidate(client, candidate, now):
    client.force_login(candidate.user)
    return client


def test_join_from_the_centre_list_then_see_the_position(
    client_candidate, gauguin, candidate, session, exams, now
):
    centre, _, _ = gauguin
    waiting_join(
        candidate=CandidateFactory(), session=session, centre=centre, exams=exams[:1], now=now
    )
    page = text(client_candidate.get(reverse("registrations:centres"), {"examens": "E1"}))
    assert "M'inscrire sur la liste d'attente" in page

    response = client_candidate.post(
        reverse("registrations:waiting_join"), {"centre": centre.pk, "examens": "E1"}, follow=True
    )

    body = text(response)
    assert "Vous êtes sur la liste d'attente du centre « Lycée Gauguin »" in body
    assert "Listes d'attente" in body
    assert "Votre position sur la liste d'attente : <strong>2</strong>" in body
    assert WaitingEntry.objects.get(candidate=candidate).status == WaitingStatus.WAITING


def test_joining_a_centre_with_seats_is_refused_in_french(client_candidate, centre_a, candidate):
    response = client_candidate.post(
        reverse("registrations:waiting_join"),
        {"centre": centre_a.pk, "examens": "E1"},
        follow=True,
    )
    assert "a encore des places pour ces épreuves : faites directement votre demande" in text(
        response
    )
    assert not WaitingEntry.objects.exists()


def test_the_offer_links_to_the_prefilled_form(
    client_candidate, gauguin, candidate, session, exams, now
):
    centre, _, holder = gauguin
    waiting_join(candidate=candidate, session=session, centre=centre, exams=exams[:1], now=now)
    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)

    body = text(client_candidate.get(MINE))
    assert "Des places se sont libérées : elles vous sont réservées." in body
    assert "au plus tard le jeudi 12 mars 2026 à 10 h 00" in body
    form_url = f"/inscription/formulaire/?centre={centre.pk}&examens=E1"
    assert form_url in body
    form = text(client_candidate.get(form_url))
    assert "Lycée Gauguin" in form and "E1" in form


def test_leave_asks_first_then_passes_the_offer_on(
    client_candidate, gauguin, candidate, session, exams, now
):
    centre, _, holder = gauguin
    entry = waiting_join(
        candidate=candidate, session=session, centre=centre, exams=exams[:1], now=now
    )
    nxt = waiting_join(
        candidate=CandidateFactory(), session=session, centre=centre, exams=exams[:1], now=now
    )
    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)
    url = reverse("registrations:waiting_leave", kwargs={"pk": entry.pk})

    asked = text(client_candidate.post(url))
    assert "Quitter la liste d'attente du centre Lycée Gauguin ?" in asked
    assert "Les places qui vous étaient réservées sont proposées au candidat suivant." in asked
    entry.refresh_from_db()
    assert entry.status == WaitingStatus.OFFERED

    done = text(client_candidate.post(url, {"confirme": "1"}, follow=True))
    assert "Vous avez quitté la liste d'attente du centre « Lycée Gauguin »." in done
    entry.refresh_from_db()
    nxt.refresh_from_db()
    assert (entry.status, nxt.status) == (WaitingStatus.LEFT, WaitingStatus.OFFERED)


def test_mine_reads_a_constant_number_of_queries(
    client_candidate, candidate, session, exams, now, django_assert_max_num_queries
):
    def join_full_centres(count):
        for _ in range(count):
            centre = CentreFactory()
            offers_for(centre=centre, session=session, exams=exams[:2], capacity=0)
            waiting_join(
                candidate=candidate, session=session, centre=centre, exams=exams[:2], now=now
            )

    join_full_centres(1)
    # Session, user with candidate; the waiting entries, their exams (one prefetch), how many wait
    # ahead of each; the requests (none); the session's renewal (savepoint, update, release).
    with django_assert_max_num_queries(9) as few:
        client_candidate.get(MINE)
    join_full_centres(2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client_candidate.get(MINE)
    assert text(response).count("Quitter la liste d'attente") == 3


def test_the_centre_sees_the_waiting_count_and_raising_capacity_makes_offers(
    client, gauguin, session, exams, now
):
    centre, staff, _ = gauguin
    entries = [
        waiting_join(
            candidate=CandidateFactory(), session=session, centre=centre, exams=exams[:1], now=now
        )
        for _ in range(2)
    ]
    client.force_login(staff)
    offers = text(client.get(reverse("centre:offers")))
    assert "2 candidats en attente" in offers
    assert "augmenter la capacité de 2 places servirait 2 candidats" in offers
    offer = ExamOffer.objects.get(centre=centre)
    software = list(offer.software.values_list("pk", flat=True))

    client.post(
        reverse("centre:offer", kwargs={"offer_id": offer.pk}),
        {"capacity": 2, "software": software},
    )

    statuses = [WaitingEntry.objects.get(pk=entry.pk).status for entry in entries]
    assert statuses == [WaitingStatus.OFFERED, WaitingStatus.WAITING]
    offers = text(client.get(reverse("centre:offers")))
    assert (
        "1 candidat en attente" in offers and "dont 1 réservée pour la liste d'attente" in offers
    )


def test_a_claimed_place_names_its_request_without_reading_it(
    client_candidate, gauguin, candidate, session, exams, now, django_assert_max_num_queries
):
    """The request made on the offer is named from the entry's own column (its reference is
    its id): no join, no query of its own."""
    centre, _, holder = gauguin
    waiting_join(candidate=candidate, session=session, centre=centre, exams=exams[:1], now=now)
    registration_withdraw(registration=holder, actor=holder.candidate.user, now=now)
    request = submit(candidate, centre, session, exams[:1], now)
    assert WaitingEntry.objects.get(candidate=candidate).status == WaitingStatus.CLAIMED

    # Session, user with candidate; the waiting entry, its exams; the requests, their lines,
    # events and mails; the session's renewal (savepoint, update, release).
    with django_assert_max_num_queries(11):
        response = client_candidate.get(MINE)
    assert f"Votre demande {request.reference} a été faite sur les places réservées" in text(
        response
    )
