"""Each step's mails: who gets them, when, and what they say. Services run as the views call
them; the mails go through the outbox and the send task (eager) into the locmem outbox."""

import io

import pytest
from django.conf import settings
from pypdf import PdfReader

from certifup.errors import DomainError
from notifications.models import MailStatus, OutboundMail
from registrations.models import EventKind, Registration
from registrations.notifications import mail_context
from registrations.services import record_event, registration_pre_validate
from tests.factories import (
    CandidateFactory,
    CentreFactory,
    ExamOfferFactory,
    SoftwareFactory,
    advance,
    offers_for,
    submit,
)
from tests.notifications.conftest import html_of

pytestmark = pytest.mark.django_db


def test_submitting_tells_the_candidate_and_the_centre(
    candidate, centre_a, session, exams, now, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = submit(candidate, centre_a, session, exams[:2])

    [to_candidate] = sent(candidate.email)
    assert to_candidate.subject == f"Demande {registration.reference} reçue – Juin 2026"
    assert "E1 – Épreuve E1" in to_candidate.body and "E2 – Épreuve E2" in to_candidate.body
    assert "E3" not in to_candidate.body
    detail_url = f"{settings.SITE_URL}/mes-inscriptions/{registration.pk}/"
    assert detail_url in to_candidate.body
    assert f'href="{detail_url}"' in html_of(to_candidate)
    [to_centre] = sent(centre_a.email)
    assert to_centre.subject.startswith(f"Nouvelle demande à traiter : {registration.reference}")
    assert candidate.display_nuc in to_centre.body
    mails = OutboundMail.objects.filter(registration=registration)
    assert {(mail.template, mail.status) for mail in mails} == {
        ("submitted_candidate", MailStatus.SENT),
        ("submitted_centre", MailStatus.SENT),
    }
    assert all(mail.sent_at == now for mail in mails)


def test_pre_validation_gives_amount_instructions_and_deadline_in_paris_time(
    candidate, centre_a, session, exams, staff_a, now, sent, django_capture_on_commit_callbacks
):
    registration = submit(candidate, centre_a, session, exams[:3])
    with django_capture_on_commit_callbacks(execute=True):
        advance(registration, to="pre_validated", actor=staff_a)

    [mail] = sent(candidate.email)
    assert "pré-validée" in mail.subject and "150,00 €" in mail.subject
    assert "150,00 € (50,00 € × 3 épreuves)" in mail.body
    software = registration.lines.get(exam=exams[0]).exam_offer.software.get()
    assert f"- E1 – Épreuve E1 (logiciel : {software.name})\n" in mail.body
    assert f"(logiciel : {software.name})</li>" in html_of(mail)
    assert centre_a.payment_instructions in mail.body
    # Tuesday 10 March 2026, 10:00 in Paris + 72 working hours.
    assert "au plus tard le vendredi 13 mars 2026 à 10 h 00." in mail.body
    assert "heure de" not in mail.body
    assert "stagiaire en centre de formation" not in mail.body


def test_pre_validation_names_the_zone_outside_paris_and_tells_trainees_about_financing(
    session, exams, now, sent, django_capture_on_commit_callbacks
):
    papeete = CentreFactory(name="TAHITIPLUS", department_code="987")
    offers_for(centre=papeete, session=session, exams=exams)
    trainee = CandidateFactory(trainee=True)
    registration = submit(trainee, papeete, session, exams[:1])
    with django_capture_on_commit_callbacks(execute=True):
        registration_pre_validate(registration=registration, actor=trainee.user, now=now)

    [mail] = sent(trainee.email)
    # 09:00 UTC is 23:00 on Monday 9 March in Papeete.
    assert "au plus tard le jeudi 12 mars 2026 à 23 h 00 (heure de Tahiti)." in mail.body
    assert "vos montants d'inscription ont peut-être pu être financés" in mail.body
    assert "ont peut-être pu être financés avec votre formation" in html_of(mail)


def test_refusal_gives_the_reason_and_a_link_back_to_step_one(
    candidate, centre_a, session, exams, staff_a, now, sent, django_capture_on_commit_callbacks
):
    registration = submit(candidate, centre_a, session, exams[:1])
    with django_capture_on_commit_callbacks(execute=True):
        advance(registration, to="refused", actor=staff_a)

    [mail] = sent(candidate.email)
    assert mail.subject == f"Demande {registration.reference} refusée par le centre"
    assert "Motif : Dossier incomplet." in mail.body
    assert f"{settings.SITE_URL}/inscription/" in mail.body
    assert sent(centre_a.email) == []


def test_expiry_tells_the_candidate_and_the_centre(
    candidate, centre_a, session, exams, staff_a, now, sent, django_capture_on_commit_callbacks
):
    registration = submit(candidate, centre_a, session, exams[:1])
    with django_capture_on_commit_callbacks(execute=True):
        advance(registration, to="expired", actor=staff_a)

    [pre_validated, expired] = sent(candidate.email)
    assert expired.subject.startswith(f"Demande {registration.reference} expirée")
    assert "attendu au plus tard le vendredi 13 mars 2026 à 10 h 00" in expired.body
    assert centre_a.email in expired.body  # whom to contact about a late transfer
    [centre_mail] = [mail for mail in sent(centre_a.email) if "expirée" in mail.subject]
    assert candidate.display_nuc in centre_mail.body


def test_confirmation_attaches_the_pdf_summary(
    candidate, centre_a, session, exams, staff_a, now, sent, django_capture_on_commit_callbacks
):
    registration = submit(candidate, centre_a, session, exams[:2])
    with django_capture_on_commit_callbacks(execute=True):
        advance(registration, to="confirmed", actor=staff_a)

    mail = sent(candidate.email)[-1]
    assert mail.subject == f"Inscription définitive : {registration.reference} – Juin 2026"
    [(filename, content, mimetype)] = mail.attachments
    assert filename == f"recapitulatif-{registration.reference}.pdf"
    assert mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert registration.reference in text and candidate.display_nuc in text


def test_withdrawal_tells_the_candidate_and_the_centre(
    candidate, centre_a, session, exams, now, sent, django_capture_on_commit_callbacks
):
    registration = submit(candidate, centre_a, session, exams[:1])
    with django_capture_on_commit_callbacks(execute=True):
        advance(registration, to="withdrawn", actor=candidate.user)

    assert sent(candidate.email)[-1].subject == f"Demande {registration.reference} retirée"
    assert sent(centre_a.email)[-1].subject == (
        f"Demande {registration.reference} retirée par le candidat"
    )


def test_an_exam_removed_by_the_centre_is_explained_to_the_candidate(
    candidate, centre_a, session, exams, staff_a, now, sent, django_capture_on_commit_callbacks
):
    registration = submit(candidate, centre_a, session, exams[:2])
    with django_capture_on_commit_callbacks(execute=True):
        record_event(
            registration,
            kind=EventKind.EXAM_REMOVED,
            actor=staff_a,
            now=now,
            note="E2 retirée : la salle informatique est indisponible.",
        )

    mail = sent(candidate.email)[-1]
    assert mail.subject == f"Demande {registration.reference} : une épreuve retirée par le centre"
    assert "E2 retirée : la salle informatique est indisponible." in mail.body


def test_a_change_that_is_refused_queues_no_mail(
    candidate, centre_a, session, exams, staff_a, now
):
    registration = submit(candidate, centre_a, session, exams[:1])
    advance(registration, to="refused", actor=staff_a)
    before = set(OutboundMail.objects.values_list("pk", flat=True))

    with pytest.raises(DomainError):
        registration_pre_validate(registration=registration, actor=staff_a, now=now)

    assert set(OutboundMail.objects.values_list("pk", flat=True)) == before
    assert len(before) == 3  # received (candidate, centre) and refused


def test_the_centre_is_linked_to_the_request_in_the_back_office(
    candidate, centre_a, session, exams, sent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = submit(candidate, centre_a, session, exams[:1])

    [to_centre] = sent(centre_a.email)
    request_url = f"{settings.SITE_URL}/centre/demandes/{registration.pk}/"
    assert request_url in to_centre.body
    assert f'href="{request_url}"' in html_of(to_centre)


def test_submit_freezes_each_lines_software_as_a_fresh_read_of_the_request_would(
    candidate, session, exams, now
):
    """The submit reads its lines' software with the offers (under the candidate's lock): the
    mails list the same names, in the same order, as when they are read from the request."""
    centre = CentreFactory()
    both = [SoftwareFactory(name="Sage 100"), SoftwareFactory(name="Ciel Compta")]
    ExamOfferFactory(centre=centre, session=session, exam=exams[0], software=both)
    ExamOfferFactory(centre=centre, session=session, exam=exams[1], software=[])
    registration = submit(candidate, centre, session, exams[:2])

    mail = OutboundMail.objects.get(registration=registration, template="submitted_candidate")
    fresh = Registration.objects.select_related("candidate", "centre", "session").get()
    assert mail.context["lines"] == mail_context(fresh, event=None)["lines"]
    assert [line["software_names"] for line in mail.context["lines"]] == [
        "Ciel Compta, Sage 100",
        "",
    ]
