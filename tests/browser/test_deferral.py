"""Issue's « done »: with the demo data, Lucas MARTIN asks for the deferral of E1 with a PDF,
UPPCTSC accepts it in /admin/, Lucas sees E1 in the next session and cannot defer it again."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from backoffice.demo_data import (
    CANDIDATE_PASSWORD,
    LUCAS,
    UPPCTSC_PASSWORD,
    UPPCTSC_USERNAME,
)
from deferrals.models import Deferral, DeferralStatus
from tests.deferrals.conftest import PDF


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_candidate_asks_uppctsc_accepts_the_exam_moves_to_the_next_session(
    live_server, browser, page, page_recorder, demo
):
    page.goto(live_server.url + "/connexion/")
    page.get_by_label("NUC").fill(LUCAS.nuc)
    page.get_by_label("Mot de passe").fill(CANDIDATE_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name=re.compile("Institut parisien de comptabilité")).first.click()
    page.get_by_role("link", name="Demander un report de l'épreuve E1").click()

    expect(page.get_by_text("Le report ne peut se faire qu'une fois")).to_be_visible()
    page.get_by_label("Absence pour raison médicale (certificat médical)").check()
    page.get_by_label("Justificatif").set_input_files(
        {"name": "certificat.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_label("Commentaire (facultatif)").fill("Opération prévue la semaine des épreuves.")
    page.get_by_role("button", name="Envoyer ma demande de report").click()
    expect(page.get_by_text("est transmise à l'UPPCTSC")).to_be_visible()
    expect(
        page.get_by_text(re.compile("Demande de report envoyée le .* en attente"))
    ).to_be_visible()

    staff_context = browser.new_context(locale="fr-FR")
    staff_context.set_default_timeout(10_000)
    staff = staff_context.new_page()
    page_recorder.attach(staff, test_name="deferral-staff")
    staff.goto(live_server.url + "/admin/deferrals/deferral/")
    staff.get_by_label(re.compile("Nom d.utilisateur")).fill(UPPCTSC_USERNAME)
    staff.get_by_label("Mot de passe").fill(UPPCTSC_PASSWORD)
    staff.get_by_role("button", name="Connexion").click()
    staff.get_by_role(
        "checkbox", name=re.compile("Choisir cet objet pour une action - Report")
    ).first.check()
    staff.get_by_role("combobox", name="Action").select_option(label="Accepter le report")
    staff.get_by_role("button", name="Envoyer").click()
    expect(staff.get_by_text("20 place(s) restante(s) sur 20")).to_be_visible()
    staff.get_by_label("Note").fill("Certificat médical conforme.")
    staff.get_by_role("button", name="Accepter le report").click()
    expect(staff.get_by_text("1 report(s) accepté(s).")).to_be_visible()

    deferral = Deferral.objects.get()
    assert deferral.status == DeferralStatus.ACCEPTED
    next_session = deferral.carried_over_line.session.name
    page.goto(live_server.url + "/mes-inscriptions/")
    page.get_by_role("link", name=re.compile(f"{next_session} – Institut parisien")).click()
    expect(page.get_by_text(re.compile("Reportée depuis la session"))).to_be_visible()
    expect(page.get_by_text("le report ne peut se faire qu'une fois")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Demander un report"))).to_have_count(0)
    carried = deferral.carried_over_line
    page.goto(
        live_server.url + reverse("deferrals:request", args=[carried.registration_id, carried.pk])
    )
    expect(page.get_by_role("alert")).to_contain_text("déjà été reportée une fois")
