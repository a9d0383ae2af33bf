"""What a candidate with a request in progress sees on « Faire une demande d'inscription », on a
phone, before any click: the exams already asked for (with the request), the one centre a new
request can go to, an address still to verify, and when the next session opens."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from centres.models import Session
from tests.browser import helpers
from tests.browser.helpers import check_page
from tests.factories import (
    CandidateFactory,
    CentreFactory,
    ExamFactory,
    ExamOfferFactory,
    submit,
)


def log_in(page, base: str, candidate) -> None:
    helpers.log_in_with_the_keyboard(
        page, base + "/connexion/", label="NUC", username=candidate.display_nuc
    )
    page.wait_for_url("**/mes-inscriptions/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_request_in_progress_is_shown_from_the_first_page(live_server, phone, seed_example):
    session, tahiti = seed_example.session, seed_example.tahiti
    e3 = ExamFactory(code="E3")
    ExamOfferFactory(centre=tahiti, session=session, exam=e3)
    moorea = CentreFactory(name="CENTRE MOOREA", city="Moorea", department_code="987")
    ExamOfferFactory(centre=moorea, session=session, exam=e3)
    candidate = CandidateFactory(email_verified_at=None, postal_code="98714")
    registration = submit(candidate, tahiti, session, [seed_example.e1, seed_example.e2])

    log_in(phone, live_server.url, candidate)
    phone.get_by_role("link", name="Faire une demande d'inscription").first.click()

    expect(phone.get_by_text("n'est pas encore vérifiée")).to_be_visible()
    expect(phone.get_by_role("button", name="Renvoyer le lien de vérification")).to_be_visible()
    for code in ("E1", "E2"):
        expect(phone.get_by_label(f"{code} –")).to_be_disabled()
    expect(phone.get_by_label("E3 –")).to_be_enabled()
    expect(
        phone.get_by_role("link", name=f"demande {registration.reference}").first
    ).to_be_visible()
    expect(
        phone.get_by_text("une nouvelle demande ne peut être faite qu'à ce centre")
    ).to_be_visible()
    expect(phone.get_by_label("Département")).to_have_value("987")
    check_page(phone, "demande-en-cours-choix-des-epreuves")

    phone.get_by_label("E3 –").check()
    phone.get_by_role("button", name="Rechercher les centres").click()
    expect(phone.get_by_text("Seul ce centre peut être choisi.")).to_be_visible()
    expect(phone.get_by_role("link", name="Choisir ce centre : TAHITIPLUS")).to_be_visible()
    expect(phone.get_by_role("link", name="Choisir ce centre : CENTRE MOOREA")).to_have_count(0)
    expect(phone.get_by_text("Vous ne pouvez pas choisir ce centre")).to_be_visible()
    check_page(phone, "demande-en-cours-liste-des-centres")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_the_window_the_next_opening_is_said(live_server, phone, seed_example):
    session = seed_example.session
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(
        registration_opens_at=now - datetime.timedelta(days=40),
        registration_closes_at=now - datetime.timedelta(days=5),
    )
    Session.objects.create(
        name="Décembre 2026",
        registration_opens_at=now + datetime.timedelta(days=30),
        registration_closes_at=now + datetime.timedelta(days=60),
        exams_start_on=now.date() + datetime.timedelta(days=90),
        exams_end_on=now.date() + datetime.timedelta(days=92),
    )
    candidate = CandidateFactory(postal_code="98714")
    log_in(phone, live_server.url, candidate)
    phone.goto(live_server.url + "/inscription/")
    expect(phone.get_by_text("Aucune session n'est ouverte")).to_be_visible()
    expect(phone.get_by_text("Les inscriptions à la prochaine session")).to_contain_text(
        "(heure de Paris)"
    )
    check_page(phone, "inscriptions-fermees-prochaine-session")
