"""« Télécharger mes données » : every section, filled, for the candidate only."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.corrections import correction_request_create
from candidates.services import candidate_correct
from certifup.personal_data import SECTIONS
from deferrals.retention import deferral_files_purge
from deferrals.services import deferral_reject, deferral_request
from registrations.alerts import no_centre_alert_create
from tests.factories import advance, submit

MY_DATA = reverse("candidates:my_data")
# A readable one-page PDF: one without pages is refused as illegible (deferrals/files.py).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


def ask_deferral(registration, now):
    return deferral_request(
        line=registration.lines.get(exam__code="E1"),
        reason="medical",
        file=SimpleUploadedFile("certificat-dupont.pdf", PDF, content_type="application/pdf"),
        comment="Hospitalisé",
        actor=registration.candidate.user,
        now=now,
    )


def test_the_download_holds_every_section_with_the_candidate_data(
    client, candidate, other_candidate, centre_a, session, exams, staff_a, now
):
    registration = submit(candidate, centre_a, session, exams[:2])
    advance(registration, to="confirmed", actor=staff_a)
    ask_deferral(registration, now)
    submit(other_candidate, centre_a, session, exams[:1])
    candidate_correct(candidate=candidate, actor=staff_a, now=now, changes={"city": "Lyon"})
    correction_request_create(
        candidate=candidate, field="first_names", proposed_value="Zoé", comment="", now=now
    )
    no_centre_alert_create(
        candidate=candidate, session=session, exams=exams[3:], department=None, message="Aide",
        now=now,
    )  # fmt: skip
    client.force_login(candidate.user)

    response = client.get(MY_DATA)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert set(SECTIONS) <= set(data)
    assert set(SECTIONS) == {
        "identite", "inscriptions", "reglements", "corrections", "demandes_de_correction",
        "alertes_aucun_centre", "mails", "reports",
    }  # fmt: skip
    assert data["identite"]["nuc"] == candidate.nuc
    [mine] = data["inscriptions"]
    assert mine["status"] == "confirmée"
    assert len(mine["epreuves"]) == 2
    assert [event["to_status"] for event in mine["historique"]][:1] == ["soumise"]
    assert len(data["reglements"]) == 1
    assert data["corrections"][0]["new_value"] == "Lyon"
    assert data["demandes_de_correction"][0]["proposed_value"] == "Zoé"
    assert data["alertes_aucun_centre"][0]["message"] == "Aide"
    subjects = [mail["subject"] for mail in data["mails"]]
    assert f"Demande {registration.reference} reçue – Juin 2026" in subjects
    assert not any("Nouvelle demande à traiter" in subject for subject in subjects)  # centre's
    assert {mail["status"] for mail in data["mails"]} == {"en attente"}
    assert set(data["mails"][0]) == {"created_at", "recipient", "subject", "status", "sent_at"}
    [report] = data["reports"]
    assert (report["exam"], report["reason"], report["status"]) == (
        str(exams[0]),
        "Absence pour raison médicale (certificat médical)",
        "en attente de décision",
    )
    assert (report["file_name"], report["file_still_stored"]) == ("certificat-dupont.pdf", True)
    assert other_candidate.nuc not in response.content.decode()
    assert "%PDF" not in response.content.decode()  # never the file itself


def test_a_deleted_justification_is_listed_as_no_longer_stored(
    client, candidate, centre_a, session, exams, staff_a, uppctsc, now
):
    registration = advance(
        submit(candidate, centre_a, session, exams[:1]), to="confirmed", actor=staff_a
    )
    deferral = ask_deferral(registration, now)
    deferral_reject(deferral=deferral, actor=uppctsc, now=now, note="Certificat illisible")
    later = now.replace(year=now.year + 1)
    assert deferral_files_purge(now=later) == 1
    client.force_login(candidate.user)

    [report] = json.loads(client.get(MY_DATA).content)["reports"]

    assert (report["status"], report["decision_note"]) == ("refusé", "Certificat illisible")
    assert (report["file_name"], report["file_still_stored"]) == ("certificat-dupont.pdf", False)


def test_only_a_signed_in_candidate_downloads(client, db, staff_a):
    assert client.get(MY_DATA).status_code == 302
    client.force_login(staff_a)
    assert client.get(MY_DATA).status_code == 403
