"""« Télécharger mes données » : every section, filled, for the candidate only."""

import json

from django.urls import reverse

from candidates.corrections import correction_request_create
from candidates.personal_data import SECTIONS
from candidates.services import candidate_correct
from registrations.services import no_centre_alert_create
from tests.factories import advance, submit

MY_DATA = reverse("candidates:my_data")


def test_the_download_holds_every_section_with_the_candidate_data(
    client, candidate, other_candidate, centre_a, session, exams, staff_a, now
):
    registration = submit(candidate, centre_a, session, exams[:2])
    advance(registration, to="paid", actor=staff_a)
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
        "alertes_aucun_centre",
    }  # fmt: skip
    assert data["identite"]["nuc"] == candidate.nuc
    [mine] = data["inscriptions"]
    assert mine["status"] == "réglée"
    assert len(mine["epreuves"]) == 2
    assert [event["to_status"] for event in mine["historique"]][:1] == ["soumise"]
    assert len(data["reglements"]) == 1
    assert data["corrections"][0]["new_value"] == "Lyon"
    assert data["demandes_de_correction"][0]["proposed_value"] == "Zoé"
    assert data["alertes_aucun_centre"][0]["message"] == "Aide"
    assert other_candidate.nuc not in response.content.decode()


def test_only_a_signed_in_candidate_downloads(client, db, staff_a):
    assert client.get(MY_DATA).status_code == 302
    client.force_login(staff_a)
    assert client.get(MY_DATA).status_code == 403
