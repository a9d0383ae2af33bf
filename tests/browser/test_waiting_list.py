"""Issue 15's waiting list in a real browser: E1 is full at TAHITIPLUS; candidate A joins its
waiting list from the centre list; the centre refuses another request (made on an earlier
offer, so it held the seat); A receives the offer mail, follows its link to the prefilled form
and submits within the hold; the centre sees its waiting count drop."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from centres.models import ExamOffer
from registrations.models import Registration, Status, WaitingEntry, WaitingStatus
from registrations.services import registration_withdraw
from registrations.waiting import waiting_join
from tests.factories import PASSWORD, CandidateFactory, StaffFactory, advance, submit


def log_in_candidate(page, url, candidate):
    page.goto(url + "/connexion/")
    page.get_by_label("NUC").fill(candidate.display_nuc)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mes-inscriptions/")


def log_in_staff(page, url, staff):
    page.goto(url + "/centre/")
    page.get_by_label("Identifiant").fill(staff.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()


@pytest.fixture
def full_e1(seed_example):
    """E1 at TAHITIPLUS has one seat, held by B's request made on an offer of the list."""
    session, e1, tahiti = seed_example.session, seed_example.e1, seed_example.tahiti
    ExamOffer.objects.filter(centre=tahiti, exam=e1).update(capacity=1)
    staff = StaffFactory(centre=tahiti, username="staff.tahiti")
    holder = advance(
        submit(CandidateFactory(), tahiti, session, [e1]), to=Status.PRE_VALIDATED, actor=staff
    )
    b = CandidateFactory(birth_name="Teriitehau", first_names="Moana")
    waiting_join(candidate=b, session=session, centre=tahiti, exams=[e1], now=holder.submitted_at)
    registration_withdraw(
        registration=holder, actor=holder.candidate.user, now=holder.submitted_at
    )
    on_offer = submit(b, tahiti, session, [e1])
    return staff, on_offer


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_waiting_candidate_gets_the_refused_seat_and_submits(live_server, page, full_e1):
    staff, on_offer = full_e1
    a = CandidateFactory()

    log_in_candidate(page, live_server.url, a)
    page.get_by_role("link", name="Faire une demande d'inscription").first.click()
    page.get_by_label("E1 –").check()
    page.get_by_label("Département").select_option("987")
    page.get_by_role("button", name="Rechercher les centres").click()
    expect(page.get_by_text("complet").first).to_be_visible()
    page.get_by_role("button", name="M'inscrire sur la liste d'attente : TAHITIPLUS").click()
    expect(
        page.get_by_text("Vous êtes sur la liste d'attente du centre « TAHITIPLUS »")
    ).to_be_visible()
    expect(page.get_by_text("Votre position sur la liste d'attente : 1")).to_be_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    log_in_staff(page, live_server.url, staff)
    page.get_by_role("link", name="Épreuves proposées").click()
    expect(page.get_by_text("1 candidat en attente")).to_be_visible()
    page.goto(live_server.url + f"/centre/demandes/{on_offer.pk}/")
    refusal = page.get_by_role("group", name="Refuser la demande")
    refusal.get_by_label("Motif").fill("Pièce d'identité illisible.")
    refusal.get_by_role("button", name="Refuser").click()
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text("refusée").first).to_be_visible()
    page.get_by_role("link", name="Épreuves proposées").click()
    expect(page.get_by_text("dont 1 réservée pour la liste d'attente")).to_be_visible()
    expect(page.get_by_text("1 candidat en attente")).to_have_count(0)
    page.get_by_role("button", name="Se déconnecter").click()

    [offer_mail] = [m for m in mail.outbox if m.to == [a.email]]
    assert offer_mail.subject == "Une place s'est libérée au centre TAHITIPLUS – Juin 2026"
    assert "(heure de Tahiti)" in offer_mail.body
    link = re.search(r"https?://\S+/inscription/formulaire/\S+", offer_mail.body).group(0)
    log_in_candidate(page, live_server.url, a)
    expect(
        page.get_by_text("Des places se sont libérées : elles vous sont réservées.")
    ).to_be_visible()
    page.goto(live_server.url + urlsplit(link).path + "?" + urlsplit(link).query)
    expect(page.get_by_text("TAHITIPLUS").first).to_be_visible()
    page.get_by_label("Téléphone").fill("40 50 60 70")
    page.get_by_role("button", name="Vérifier ma demande").click()
    page.get_by_role("button", name="Soumettre").click()
    expect(page.get_by_text("Votre demande d'inscription est soumise")).to_be_visible()

    registration = Registration.objects.get(candidate=a)
    entry = WaitingEntry.objects.get(candidate=a)
    assert (entry.status, entry.registration) == (WaitingStatus.CLAIMED, registration)
    assert ExamOffer.objects.get(centre=registration.centre, exam__code="E1").seats_taken == 1
