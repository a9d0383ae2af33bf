"""A newcomer in a real browser: « Créer mon compte candidat », the verification link from the
mail, then « Se connecter » with the NUC the page shows."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from candidates.models import Candidate

PASSWORD = "Cheval-Agrafe-42"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sign_up_verify_then_log_in_with_the_new_nuc(live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Créer mon compte candidat").first.click()
    page.get_by_label("Nom de naissance").fill("Dupont-Lefèvre")
    page.get_by_label("Prénom(s)").fill("Éloïse")
    page.get_by_label("Date de naissance").fill("1994-07-21")
    page.get_by_label("Adresse e-mail").fill("eloise@example.org")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_label("Mot de passe").first.fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()

    expect(page.get_by_role("heading", name="Vérifiez votre messagerie")).to_be_visible()
    [welcome] = mail.outbox
    link = re.search(r"https?://\S+/verifier-mon-adresse/\S+", welcome.body).group(0)
    page.goto(live_server.url + "/" + link.split("/", 3)[3])

    expect(page.get_by_role("heading", name="Votre adresse e-mail est vérifiée")).to_be_visible()
    candidate = Candidate.objects.get()
    assert candidate.email_verified_at is not None
    expect(page.get_by_text(candidate.display_nuc)).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Se connecter").click()
    page.get_by_label("NUC").fill(candidate.display_nuc)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    expect(page.get_by_role("heading", name="Mes inscriptions")).to_be_visible()
