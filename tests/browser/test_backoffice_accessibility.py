"""axe-core on the main back-office pages, at phone width (a centre's staff check requests on a
phone too), and a request handled from login to recorded payment with the keyboard alone."""

import pytest
from playwright.sync_api import expect

from tests.browser import helpers
from tests.browser.helpers import check_page
from tests.factories import CandidateFactory, StaffFactory, submit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def tahiti_desk(seed_example):
    """Staff of TAHITIPLUS with two waiting requests."""
    tahiti, session = seed_example.tahiti, seed_example.session
    staff = StaffFactory(centre=tahiti, username="staff.tahiti")
    requests = [
        submit(CandidateFactory(birth_name=name), tahiti, session, [seed_example.e1])
        for name in ("Teriitehau", "Temaru")
    ]
    return staff, requests


def log_in_with_the_keyboard(page, base: str, staff) -> None:
    helpers.log_in_with_the_keyboard(
        page, base + "/centre/connexion/", label="Identifiant", username=staff.username
    )
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()


def test_back_office_pages_are_accessible_on_a_phone(live_server, phone, tahiti_desk):
    staff, (first, second) = tahiti_desk
    base = live_server.url
    line = first.lines.get()
    phone.goto(base + "/centre/connexion/")
    check_page(phone, "centre-connexion")
    log_in_with_the_keyboard(phone, base, staff)
    check_page(phone, "centre-tableau-de-bord")
    for name, path in [
        ("centre-demandes", "/centre/demandes/"),
        ("centre-demandes-filtrees", "/centre/demandes/?statut=submitted&q=Teriitehau"),
        ("centre-demande", f"/centre/demandes/{first.pk}/"),
        ("centre-fiche-candidat", f"/centre/demandes/{first.pk}/candidat/"),
        ("centre-corrections", "/centre/corrections/"),
        ("centre-epreuves", "/centre/epreuves/"),
        ("centre-retirer-epreuve", f"/centre/demandes/{first.pk}/epreuves/{line.pk}/retirer/"),
    ]:
        phone.goto(base + path)
        check_page(phone, name)
    phone.goto(base + f"/centre/demandes/{first.pk}/")
    phone.get_by_role("button", name="Pré-valider").click()
    check_page(phone, "centre-demande-pre-validee")
    # « Refuser » asks first, with the reason it will send.
    phone.goto(base + f"/centre/demandes/{second.pk}/")
    phone.get_by_label("Motif").fill("Dossier incomplet.")
    phone.get_by_role("button", name="Refuser").click()
    check_page(phone, "centre-refuser-confirmation")
    phone.get_by_role("button", name="Confirmer").click()
    expect(phone.get_by_text(f"Demande {second.reference} refusée.")).to_be_visible()


def test_a_request_is_pre_validated_and_paid_with_the_keyboard_alone(
    live_server, page, tahiti_desk
):
    staff, (first, _) = tahiti_desk
    log_in_with_the_keyboard(page, live_server.url, staff)
    page.get_by_role("link", name="Demandes", exact=True).focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name=first.reference).focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Pré-valider").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Demande {first.reference} pré-validée.")).to_be_visible()
    page.get_by_label("Mode de règlement").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_label("Référence (n° de chèque, de virement…)").focus()
    page.keyboard.type("Virement 2026-11")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Règlement enregistré")).to_be_visible()
    first.refresh_from_db()
    assert first.status == "paid"
