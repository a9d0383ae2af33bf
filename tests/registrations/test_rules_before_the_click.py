"""« Faire une demande d'inscription » says what is blocked before the click, not at
« Soumettre »: the exams of an active request, the one centre a new request can go to, an
unverified address, and when the next session opens."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from centres.models import Session
from registrations.models import Registration
from tests.factories import CandidateFactory, CentreFactory, SessionFactory, offers_for, submit

START = reverse("registrations:start")
CENTRES = reverse("registrations:centres")
DETAILS = reverse("registrations:details")


def text(response) -> str:
    return html.unescape(response.content.decode())


def words(body: str) -> str:
    """What a person reads: no tags, one space between words."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body))


def checkbox(body: str, code: str) -> str:
    """The <input> of the exam ``code`` on the exam choice page."""
    match = re.search(rf'<input[^>]*value="{code}"[^>]*>', body)
    assert match, f"no checkbox for {code}"
    return match.group(0)


@pytest.fixture
def client_candidate(client, candidate, now):
    client.force_login(candidate.user)
    return client


@pytest.fixture
def active_request(candidate, centre_a, session, exams, now):
    """E1 and E2 asked for at centre A, still « soumise »."""
    return submit(candidate, centre_a, session, exams[:2], now)


def test_exams_of_an_active_request_are_shown_with_it_and_not_choosable(
    client_candidate, active_request
):
    body = text(client_candidate.get(START))
    for code in ("E1", "E2"):
        assert "disabled" in checkbox(body, code)
    assert "disabled" not in checkbox(body, "E3")
    assert body.count(f"demande {active_request.reference}") >= 2
    assert "Déjà demandée" in body and "soumise" in body
    assert "Vous avez déjà une demande en cours pour la session" in body
    assert "Lycée Voltaire" in body


def test_the_start_page_preselects_the_departement_of_the_active_request(
    client_candidate, active_request
):
    body = text(client_candidate.get(START))
    assert re.search(r'<option value="75" selected>', body)


def test_an_exam_of_an_active_request_sent_anyway_is_refused_before_the_centre_list(
    client_candidate, active_request
):
    body = text(client_candidate.get(CENTRES, {"examens": ["E1", "E3"]}))
    assert "Vous avez déjà une demande en cours pour l'épreuve E1" in body
    assert "Choisir ce centre" not in body


def test_while_a_request_is_active_only_its_centre_can_be_chosen(
    client_candidate, active_request, centre_a, centre_b
):
    body = text(client_candidate.get(CENTRES, {"examens": ["E3"], "departement": "75"}))
    assert "Vous avez déjà une demande en cours au centre Lycée Voltaire" in words(body)
    assert "Seul ce centre peut être choisi." in body
    assert 'Choisir ce centre<span class="visually-hidden"> : Lycée Voltaire' in body
    assert 'Choisir ce centre<span class="visually-hidden"> : CFA Paris Est' not in body
    assert "Vous ne pouvez pas choisir ce centre" in body


def test_the_centre_list_points_to_the_active_centre_in_another_departement(
    client_candidate, active_request, session, exams
):
    lyon = CentreFactory(name="Centre de Lyon", department_code="69")
    offers_for(centre=lyon, session=session, exams=exams)
    body = text(client_candidate.get(CENTRES, {"examens": ["E3"], "departement": "69"}))
    assert "Seul ce centre peut être choisi." in body
    assert "examens=E3&departement=75" in body and "Voir ce centre" in body


def test_the_form_of_a_blocked_choice_says_why_and_offers_no_summary(
    client_candidate, candidate, active_request, centre_b, exams
):
    body = text(client_candidate.get(DETAILS, {"centre": centre_b.pk, "examens": "E3"}))
    assert "Vous avez déjà une demande en cours au centre « Lycée Voltaire »" in body
    assert "Vérifier ma demande" not in body
    again = {"centre": active_request.centre.pk, "examens": "E1"}
    retaken = text(client_candidate.get(DETAILS, again))
    assert "Vous avez déjà une demande en cours pour l'épreuve E1" in retaken
    assert "Vérifier ma demande" not in retaken


def test_a_forgotten_exam_at_the_same_centre_is_still_a_new_request(
    client_candidate, candidate, active_request, centre_a
):
    body = text(client_candidate.get(CENTRES, {"examens": ["E3"], "departement": "75"}))
    assert 'Choisir ce centre<span class="visually-hidden"> : Lycée Voltaire' in body
    form = text(client_candidate.get(DETAILS, {"centre": centre_a.pk, "examens": "E3"}))
    assert "Vérifier ma demande" in form and "déjà une demande en cours" not in form


def test_a_closed_request_blocks_nothing(client_candidate, candidate, active_request, now):
    from registrations.services import registration_withdraw

    registration_withdraw(registration=active_request, actor=candidate.user, now=now)
    body = text(client_candidate.get(START))
    assert "disabled" not in checkbox(body, "E1")
    assert "Déjà demandée" not in body


def test_an_unverified_address_is_said_on_the_first_page_with_the_resend_button(
    client, session, exams, now
):
    candidate = CandidateFactory(email_verified_at=None, email="anne@example.org")
    client.force_login(candidate.user)
    body = text(client.get(START))
    assert "Votre adresse e-mail (anne@example.org) n'est pas encore vérifiée" in body
    assert reverse("candidates:resend_verification") in body
    assert "Renvoyer le lien de vérification" in body
    response = client.post(reverse("candidates:resend_verification"), {"next": START})
    assert response.status_code == 302 and response.url == START


def test_a_verified_address_is_not_mentioned(client_candidate, session, exams):
    assert "pas encore vérifiée" not in text(client_candidate.get(START))


def test_outside_the_window_the_next_opening_is_said(client, candidate, now):
    SessionFactory(closed=True)
    Session.objects.create(
        name="Décembre 2026",
        registration_opens_at=datetime.datetime(2026, 6, 1, 7, 0, tzinfo=datetime.UTC),
        registration_closes_at=datetime.datetime(2026, 9, 1, 7, 0, tzinfo=datetime.UTC),
        exams_start_on=datetime.date(2026, 12, 1),
        exams_end_on=datetime.date(2026, 12, 3),
    )
    client.force_login(candidate.user)
    body = text(client.get(START))
    assert "Aucune session n'est ouverte" in body
    assert (
        "Les inscriptions à la prochaine session, Décembre 2026, ouvriront le "
        "lundi 1 juin 2026 à 9 h 00"
    ) in words(body)
    assert "ouvriront le lundi 1 juin 2026 à 9 h 00" in words(text(client.get("/")))


def test_outside_the_window_without_a_next_session_says_it_is_not_known(client, candidate, now):
    SessionFactory(closed=True)
    client.force_login(candidate.user)
    assert "pas encore connue" in text(client.get(START))


def test_start_page_query_count_is_constant(
    client_candidate, candidate, session, exams, centre_a, django_assert_max_num_queries
):
    submit(candidate, centre_a, session, exams[:1])
    # Session, user with candidate, the open session; the candidate's active requests and their
    # lines; the exams; the départements; the session's renewal (savepoint, update, release).
    with django_assert_max_num_queries(10) as few:
        client_candidate.get(START)
    for exam in exams[1:]:
        submit(candidate, centre_a, session, [exam])
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = text(client_candidate.get(START))
    assert body.count("Déjà demandée") == 4
    assert Registration.objects.count() == 4
