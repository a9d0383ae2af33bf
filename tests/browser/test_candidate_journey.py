"""The seed's example, walked in a real browser by the visible French labels: log in with the
NUC, ask for E1 + E2 in département 987, choose TAHITIPLUS, complete the form, « Soumettre »."""

import pytest
from playwright.sync_api import expect

from registrations.models import Registration, Status
from tests.factories import (
    PASSWORD,
    CandidateFactory,
    submit,
)


@pytest.fixture
def tahiti_offer(seed_example):
    return seed_example.tahiti


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_candidate_submits_a_request_to_tahitiplus(live_server, page, tahiti_offer):
    candidate = CandidateFactory()
    console = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_label("NUC").fill(candidate.display_nuc)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.get_by_role("link", name="Faire une demande d'inscription").first.click()
    expect(page.get_by_text(candidate.display_nuc).first).to_be_visible()
    page.get_by_label("E1 –").check()
    page.get_by_label("E2 –").check()
    page.get_by_label("Département").select_option("987")
    page.get_by_role("button", name="Rechercher les centres").click()

    expect(page.get_by_role("heading", name="TAHITIPLUS")).to_be_visible()
    expect(page.get_by_text("Ciel Comptabilité, Excel 2017")).to_be_visible()
    page.get_by_role("link", name="Choisir ce centre : TAHITIPLUS").click()

    page.get_by_label("Téléphone").fill("40 50 60 70")
    page.get_by_role("button", name="Vérifier ma demande").click()
    expect(page.get_by_role("heading", name="Vérifiez votre demande")).to_be_visible()
    page.get_by_role("button", name="Soumettre").click()

    expect(page.get_by_text("Votre demande d'inscription est soumise")).to_be_visible()
    page.get_by_role("link", name="Mes inscriptions").first.click()
    expect(page.get_by_role("heading", name="Mes inscriptions")).to_be_visible()
    expect(page.get_by_text("TAHITIPLUS").first).to_be_visible()
    expect(page.locator(".status-submitted").first).to_have_text("soumise")

    assert not [text for text in console if "Content Security Policy" in text]
    registration = Registration.objects.get(candidate=candidate)
    assert registration.status == Status.SUBMITTED
    assert sorted(registration.lines.values_list("exam__code", flat=True)) == ["E1", "E2"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_candidate_withdraws_after_reading_what_will_happen(live_server, page, seed_example):
    candidate = CandidateFactory()
    registration = submit(candidate, seed_example.tahiti, seed_example.session, [seed_example.e1])
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("NUC").fill(candidate.display_nuc)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mes-inscriptions/")
    page.goto(live_server.url + f"/mes-inscriptions/{registration.pk}/")

    page.get_by_role("button", name="Retirer ma demande").click()
    expect(page.get_by_text(f"Votre demande {registration.reference}")).to_be_visible()
    expect(page.get_by_text("Cette action est définitive.")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED

    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text("Votre demande est retirée")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Status.WITHDRAWN
