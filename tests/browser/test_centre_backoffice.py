"""Steps 2 to 4 of the seed in a real browser: staff of TAHITIPLUS pre-validate the demo-like
candidate's request, record the payment and validate it; the candidate then sees it
« confirmée » in « Mes inscriptions »."""

import pytest
from playwright.sync_api import expect

from registrations.models import Status
from tests.factories import (
    PASSWORD,
    CandidateFactory,
    StaffFactory,
    submit,
)


@pytest.fixture
def tahiti_request(seed_example):
    session, e1, e2, tahiti = (
        seed_example.session,
        seed_example.e1,
        seed_example.e2,
        seed_example.tahiti,
    )
    candidate = CandidateFactory(birth_name="Teriitehau", first_names="Moana")
    staff = StaffFactory(centre=tahiti, username="staff.tahiti")
    return submit(candidate, tahiti, session, [e1, e2]), staff


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_confirms_and_the_candidate_sees_it(live_server, page, tahiti_request):
    registration, staff = tahiti_request
    candidate = registration.candidate

    page.goto(live_server.url + "/centre/")
    page.get_by_label("Identifiant").fill(staff.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    page.get_by_role("link", name="Demandes", exact=True).click()
    page.get_by_label("Rechercher (NUC, nom, prénom)").fill("Teriitehau")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name=registration.reference).click()

    page.get_by_role("button", name="Pré-valider").click()
    expect(page.get_by_text(f"Demande {registration.reference} pré-validée.")).to_be_visible()
    expect(page.get_by_text("heure de Tahiti").first).to_be_visible()
    expect(page.get_by_label("Montant reçu (€)")).to_have_value("100,00")
    page.get_by_label("Mode de règlement").select_option(label="chèque")
    page.get_by_label("Référence (n° de chèque, de virement…)").fill("Chèque n° 42")
    page.get_by_role("button", name="Enregistrer le règlement").click()
    expect(page.get_by_text("Règlement enregistré")).to_be_visible()
    page.get_by_role("button", name="Valider définitivement").click()
    expect(page.get_by_text("Cette action est définitive.")).to_be_visible()
    page.get_by_role("button", name="Confirmer").click()
    expect(page.get_by_text("validée définitivement")).to_be_visible()

    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED

    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("NUC").fill(candidate.display_nuc)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Mes inscriptions").first.click()
    expect(page.locator(".status-confirmed").first).to_have_text("confirmée")
