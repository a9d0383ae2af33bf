"""axe-core on every candidate page, at phone width: no serious or critical violation, no
horizontal scrolling at 360 px (read from the full-page screenshot), forms usable by keyboard."""

import pytest

from tests.browser import helpers
from tests.browser.helpers import check_page
from tests.factories import (
    CandidateFactory,
    submit,
)


@pytest.fixture
def journey(seed_example):
    tahiti = seed_example.tahiti
    candidate = CandidateFactory()
    registration = submit(candidate, tahiti, seed_example.session, [seed_example.e1])
    return candidate, tahiti, registration


def log_in_with_the_keyboard(page, base: str, candidate) -> None:
    helpers.log_in_with_the_keyboard(
        page, base + "/connexion/", label="NUC", username=candidate.display_nuc
    )
    page.wait_for_url("**/mes-inscriptions/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_candidate_pages_are_accessible_on_a_phone(live_server, phone, journey):
    candidate, tahiti, registration = journey
    base = live_server.url
    for name, path in [
        ("accueil", "/"),
        ("connexion", "/connexion/"),
        ("mot-de-passe-oublie", "/mot-de-passe-oublie/"),
        ("creer-mon-compte", "/creer-mon-compte/"),
    ]:
        phone.goto(base + path)
        check_page(phone, name)

    log_in_with_the_keyboard(phone, base, candidate)
    check_page(phone, "mes-inscriptions")
    pages = [
        ("demande", "/inscription/"),
        ("demande-erreurs", "/inscription/centres/?departement=987"),
        ("centres", "/inscription/centres/?examens=E2&departement=987"),
        ("formulaire", f"/inscription/formulaire/?centre={tahiti.pk}&examens=E2"),
        ("demande-detail", f"/mes-inscriptions/{registration.pk}/"),
        ("ma-fiche", "/ma-fiche/"),
        ("changer-mon-mot-de-passe", "/changer-mon-mot-de-passe/"),
    ]
    for name, path in pages:
        phone.goto(base + path)
        check_page(phone, name)

    # « Retirer ma demande » asks first; « Annuler » leaves the request as it was.
    phone.goto(base + f"/mes-inscriptions/{registration.pk}/")
    phone.get_by_role("button", name="Retirer ma demande").click()
    check_page(phone, "retirer-ma-demande")
    phone.get_by_role("link", name="Annuler").click()
    phone.wait_for_url(f"**/mes-inscriptions/{registration.pk}/")

    phone.goto(base + f"/inscription/formulaire/?centre={tahiti.pk}&examens=E2")
    phone.get_by_label("Téléphone").fill("")
    phone.get_by_role("button", name="Vérifier ma demande").click()
    check_page(phone, "formulaire-erreurs")
    phone.get_by_label("Téléphone").fill("40 50 60 70")
    phone.get_by_role("button", name="Vérifier ma demande").click()
    check_page(phone, "recapitulatif")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_whole_request_can_be_made_with_the_keyboard_alone(live_server, page, journey):
    candidate, tahiti, _ = journey
    log_in_with_the_keyboard(page, live_server.url, candidate)
    page.goto(live_server.url + "/inscription/")
    page.get_by_label("E2 –").focus()
    page.keyboard.press("Space")
    page.get_by_label("Département").focus()
    page.keyboard.type("987")
    page.get_by_role("button", name="Rechercher les centres").focus()
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Choisir ce centre : TAHITIPLUS").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Vérifier ma demande").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Soumettre").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Votre demande d'inscription est soumise").wait_for()
    assert candidate.registrations.count() == 2
