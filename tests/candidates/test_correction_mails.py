"""« Signaler une erreur » reaches whoever handles it without anyone watching a screen: the
centre of the candidate's active request (or UPPCTSC) is mailed with a link to where it decides,
and the candidate is mailed when it is applied or rejected."""

import datetime
import html

import pytest
from django.conf import settings
from django.urls import reverse

from candidates.models import CorrectionRequest
from registrations.services import registration_withdraw
from tests.factories import StaffFactory, submit
from tests.notifications.conftest import html_of

pytestmark = pytest.mark.django_db

REPORT = reverse("candidates:report_error")


def bodies(mail) -> tuple[str, str]:
    return mail.body, html.unescape(html_of(mail))


@pytest.fixture
def reported(client, candidate, centre_a, session, exams, now, django_capture_on_commit_callbacks):
    """The candidate, with a request at centre A, reports a birth date typed wrong."""
    submit(candidate, centre_a, session, exams[:1], now)
    client.force_login(candidate.user)
    data = {
        "field": "birth_date",
        "proposed_value": "06/05/1991",
        "comment": "Jour et mois inversés",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(REPORT, data).status_code == 302
    return CorrectionRequest.objects.get()


def test_filing_mails_the_centre_with_a_link_to_the_back_office(
    reported, candidate, centre_a, mailoutbox
):
    [to_centre] = [mail for mail in mailoutbox if mail.to == [centre_a.email]]
    assert "Demande de correction à traiter" in to_centre.subject
    assert candidate.display_nuc in to_centre.subject
    for body in bodies(to_centre):
        assert candidate.full_name in body
        assert "date de naissance" in body.lower()
        assert candidate.birth_date.strftime("%d/%m/%Y") in body
        assert "06/05/1991" in body
        assert "Jour et mois inversés" in body
        assert settings.SITE_URL + reverse("centre:corrections") in body
    assert not [mail for mail in mailoutbox if mail.to == [candidate.email]]


def test_without_an_active_request_uppctsc_is_mailed_with_the_admin_link(
    client,
    candidate,
    centre_a,
    session,
    exams,
    now,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    registration = submit(candidate, centre_a, session, exams[:1], now)
    registration_withdraw(registration=registration, actor=candidate.user, now=now)
    client.force_login(candidate.user)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REPORT, {"field": "first_names", "proposed_value": "Zoé", "comment": ""})
    item = CorrectionRequest.objects.get()
    [mail] = mailoutbox
    assert mail.to == [settings.UPPCTSC_EMAIL]
    admin = reverse("admin:candidates_correctionrequest_change", args=[item.pk])
    assert settings.SITE_URL + admin in mail.body
    assert "Zoé" in mail.body


def test_applying_mails_the_candidate_the_new_value(
    client, reported, candidate, centre_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(StaffFactory(centre=centre_a))
    mailoutbox.clear()
    apply = reverse("centre:correction_apply", kwargs={"correction_id": reported.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply)
    [mail] = mailoutbox
    assert mail.to == [candidate.email]
    assert "Votre demande de correction est appliquée" in mail.subject
    for body in bodies(mail):
        assert "Le centre « Lycée Voltaire » a appliqué votre demande de correction." in body
        assert "06/05/1991" in body
        assert settings.SITE_URL + reverse("candidates:profile") in body
    candidate.refresh_from_db()
    assert candidate.birth_date == datetime.date(1991, 5, 6)


def test_rejecting_mails_the_candidate_the_reason(
    client, reported, candidate, centre_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(StaffFactory(centre=centre_a))
    mailoutbox.clear()
    reject = reverse("centre:correction_reject", kwargs={"correction_id": reported.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reject, {"note": "La pièce d'identité indique le 5 juin."})
    [mail] = mailoutbox
    assert mail.to == [candidate.email]
    assert "n'est pas retenue" in mail.subject
    for body in bodies(mail):
        assert "Le centre « Lycée Voltaire » n'a pas retenu votre demande de correction" in body
        assert "Motif : La pièce d'identité indique le 5 juin." in body
        assert "Votre fiche est inchangée." in body


def test_a_second_decision_mails_nobody(
    client, reported, centre_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(StaffFactory(centre=centre_a))
    apply = reverse("centre:correction_apply", kwargs={"correction_id": reported.pk})
    reject = reverse("centre:correction_reject", kwargs={"correction_id": reported.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reject, {"note": ""})
    assert mailoutbox == []
    reported.refresh_from_db()
    assert reported.status == CorrectionRequest.Status.APPLIED
