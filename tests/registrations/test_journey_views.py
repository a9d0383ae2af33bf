"""The candidate's journey through the test client: steps 4 to 8, « Mes inscriptions »."""

import html
import uuid

import pytest
from django.urls import reverse

from registrations.models import NoCentreAlert, Registration, Status
from tests.factories import (
    CandidateFactory,
    CentreFactory,
    ExamOfferFactory,
    SessionFactory,
    SoftwareFactory,
    offers_for,
    submit,
)

CENTRES = reverse("registrations:centres")
DETAILS = reverse("registrations:details")


def text(response) -> str:
    """The page as a person reads it: entities such as &#x27; decoded."""
    return html.unescape(response.content.decode())


@pytest.fixture
def client_candidate(client, candidate, now):
    client.force_login(candidate.user)
    return client


def details_data(candidate, centre, exams, **overrides) -> dict:
    data = {
        "centre": centre.pk,
        "examens": [exam.code for exam in exams],
        "submission_key": str(uuid.uuid4()),
        "birth_name": candidate.birth_name,
        "usage_name": candidate.usage_name,
        "first_names": candidate.first_names,
        "birth_date": candidate.birth_date.isoformat(),
        "email": candidate.email,
        "phone": "0102030405",
        "address": "1 rue de la Paix",
        "postal_code": "75002",
        "city": "Paris",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url",
    [
        reverse("registrations:start"),
        CENTRES,
        DETAILS,
        reverse("registrations:mine"),
        reverse("registrations:detail", kwargs={"pk": 1}),
        reverse("candidates:profile"),
    ],
)
def test_anonymous_visitors_are_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("candidates:login"))


def test_staff_cannot_use_candidate_pages(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("registrations:mine"))
    assert response.status_code == 403
    assert "réservé aux candidats" in text(response)


def test_start_shows_nuc_and_the_session_exams(client_candidate, candidate, centre_a, exams):
    response = client_candidate.get(reverse("registrations:start"))
    body = text(response)
    assert candidate.display_nuc in body
    assert "Juin 2026" in body
    for exam in exams:
        assert exam.code in body


def test_no_open_session_says_so(client, candidate, now):
    SessionFactory(closed=True)
    client.force_login(candidate.user)
    response = client.get(reverse("registrations:start"))
    assert "Aucune session n'est ouverte" in text(response)


def test_centre_search_without_exam_asks_for_one(client_candidate, centre_a):
    response = client_candidate.get(CENTRES, {"departement": "75"})
    assert response.status_code == 200
    assert "Cochez au moins une épreuve." in text(response)


def test_centre_search_with_unknown_exam_or_department_is_a_clear_error(
    client_candidate, centre_a
):
    response = client_candidate.get(CENTRES, {"examens": ["E9"], "departement": "999"})
    body = text(response)
    assert "L'épreuve « E9 » n'existe pas." in body
    assert "Choisissez un département de la liste." in body


def test_centre_list_shows_only_accredited_centres_offering_every_exam(
    client_candidate, session, exams, centre_a
):
    partial = CentreFactory(name="Centre partiel")
    offers_for(centre=partial, session=session, exams=exams[:1])
    unaccredited = CentreFactory(name="Centre non habilité", is_accredited=False)
    offers_for(centre=unaccredited, session=session, exams=exams)
    response = client_candidate.get(CENTRES, {"examens": ["E1", "E2"], "departement": "75"})
    body = text(response)
    assert centre_a.name in body
    assert "Centre partiel" not in body
    assert "Centre non habilité" not in body


def test_centre_list_shows_software_and_seats_left(client_candidate, session, exams):
    tahiti = CentreFactory(name="TAHITIPLUS", city="Papeete", department_code="987")
    ciel, excel = SoftwareFactory(name="Ciel Comptabilité"), SoftwareFactory(name="Excel 2017")
    ExamOfferFactory(centre=tahiti, session=session, exam=exams[0], software=[ciel], capacity=7)
    ExamOfferFactory(centre=tahiti, session=session, exam=exams[1], software=[ciel, excel])
    response = client_candidate.get(CENTRES, {"examens": ["E1", "E2"], "departement": "987"})
    body = text(response)
    assert "TAHITIPLUS" in body and "Papeete" in body
    assert "Ciel Comptabilité, Excel 2017" in body
    assert ">7<" in body


def test_an_offer_without_software_keeps_its_row_in_the_centre_list(
    client_candidate, session, exams
):
    centre = CentreFactory(name="Sans logiciel", department_code="987")
    ExamOfferFactory(centre=centre, session=session, exam=exams[0], software=[], capacity=3)
    excel, ciel = SoftwareFactory(name="Excel 2017"), SoftwareFactory(name="Ciel Comptabilité")
    ExamOfferFactory(centre=centre, session=session, exam=exams[1], software=[excel, ciel])
    body = client_candidate.get(
        CENTRES, {"examens": ["E1", "E2"], "departement": "987"}
    ).content.decode()
    assert '<th scope="row">E1</th>\n              <td></td>\n              <td>3</td>' in body
    assert "<td>Ciel Comptabilité, Excel 2017</td>" in body


def test_a_full_centre_is_shown_as_such_without_a_choose_button(client_candidate, session, exams):
    full = CentreFactory(name="Centre complet")
    ExamOfferFactory(centre=full, session=session, exam=exams[0], capacity=0)
    body = text(client_candidate.get(CENTRES, {"examens": "E1", "departement": "75"}))
    assert "Centre complet" in body and "complet" in body
    assert "Ce centre est complet pour au moins une de ces épreuves" in body
    assert "Choisir ce centre" not in body


def test_software_filter_and_widening_to_all_departments(client_candidate, session, exams):
    lyon = CentreFactory(name="Centre de Lyon", department_code="69")
    ExamOfferFactory(
        centre=lyon, session=session, exam=exams[0], software=[SoftwareFactory(name="Sage 100")]
    )
    paris = CentreFactory(name="Centre de Paris")
    ExamOfferFactory(
        centre=paris, session=session, exam=exams[0], software=[SoftwareFactory(name="EBP Compta")]
    )
    in_75 = text(client_candidate.get(CENTRES, {"examens": "E1", "departement": "75"}))
    assert "Centre de Paris" in in_75 and "Centre de Lyon" not in in_75
    assert "Élargir la recherche à tous les départements" in in_75
    everywhere = text(client_candidate.get(CENTRES, {"examens": "E1"}))
    assert "Centre de Paris" in everywhere and "Centre de Lyon" in everywhere
    sage = SoftwareFactory(name="Sage 100")
    filtered = text(client_candidate.get(CENTRES, {"examens": "E1", "logiciel": sage.pk}))
    assert "Centre de Lyon" in filtered and "Centre de Paris" not in filtered


def test_no_centre_found_offers_the_alert(client_candidate, session, exams):
    response = client_candidate.get(CENTRES, {"examens": "E1", "departement": "2A"})
    body = text(response)
    assert "Aucun centre habilité" in body
    assert "Alerter l'UPPCTSC" in body


def test_no_centre_alert_is_recorded_for_uppctsc(client_candidate, candidate, session, exams):
    url = reverse("registrations:no_centre")
    response = client_candidate.post(
        url, {"examens": ["E1", "E3"], "departement": "2A", "message": "Je vis à Ajaccio."}
    )
    assert response.status_code == 302
    alert = NoCentreAlert.objects.get()
    assert alert.candidate == candidate
    assert alert.department_id == "2A"
    assert sorted(alert.exams.values_list("code", flat=True)) == ["E1", "E3"]
    assert alert.message == "Je vis à Ajaccio."


def test_details_form_requires_every_field(client_candidate, candidate, centre_a, exams):
    data = details_data(candidate, centre_a, exams[:1], phone="", city="", verifier="")
    response = client_candidate.post(DETAILS, data)
    body = text(response)
    assert body.count("Ce champ est obligatoire.") == 2
    assert not Registration.objects.exists()


def test_details_form_rejects_implausible_birth_date(client_candidate, candidate, centre_a, exams):
    data = details_data(candidate, centre_a, exams[:1], birth_date="2099-01-01", verifier="")
    body = text(client_candidate.post(DETAILS, data))
    assert "Cette date de naissance n'est pas plausible." in body
    data["birth_date"] = "31/02/1990"
    body = text(client_candidate.post(DETAILS, data))
    assert "Saisissez une date valide" in body


def test_trainee_must_name_the_training_body(client_candidate, candidate, centre_a, exams):
    data = details_data(candidate, centre_a, exams[:1], is_trainee="on", verifier="")
    body = text(client_candidate.post(DETAILS, data))
    assert "Indiquez votre centre de formation" in body


def test_summary_then_submit_creates_the_request(client_candidate, candidate, centre_a, exams):
    data = details_data(candidate, centre_a, exams[:2], verifier="")
    summary = client_candidate.post(DETAILS, data)
    body = text(summary)
    assert "Vérifiez votre demande" in body and "Soumettre" in body
    assert "100.00 €" in body or "100,00 €" in body
    assert not Registration.objects.exists()

    data.pop("verifier")
    response = client_candidate.post(DETAILS, {**data, "soumettre": ""})
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("registrations:detail", kwargs={"pk": registration.pk})
    assert registration.status == Status.SUBMITTED
    assert registration.centre == centre_a
    assert sorted(line.exam.code for line in registration.lines.all()) == ["E1", "E2"]
    candidate.refresh_from_db()
    assert candidate.phone == "0102030405"


def test_submit_takes_few_statements(
    client_candidate, candidate, centre_a, exams, django_assert_max_num_queries
):
    """The opening-day rush: one « Soumettre » whose form repeats the candidate's record."""
    data = details_data(candidate, centre_a, exams[:2], phone=candidate.phone)
    data.update(address=candidate.address, postal_code=candidate.postal_code, city=candidate.city)
    client_candidate.get(DETAILS, {"centre": centre_a.pk, "examens": ["E1", "E2"]})  # renewal
    # Session, user with candidate, the open session; the exams, the centre; whether the identity
    # is still editable (the form). BEGIN; the candidate's lock; the offers with, read once
    # under that lock, the key, invariants 1 and 2, the identity, any waiting-list place and
    # each offer's software (for the mails); the request, its lines, its event, the mails;
    # COMMIT. Nothing written for the unchanged record, no savepoint.
    with django_assert_max_num_queries(14) as few:
        response = client_candidate.post(DETAILS, {**data, "soumettre": ""})
    assert response.status_code == 302
    assert not [q["sql"] for q in few.captured_queries if q["sql"].startswith("UPDATE")]
    assert Registration.objects.get().lines.count() == 2


def test_submitting_twice_creates_nothing_new(client_candidate, candidate, centre_a, exams):
    data = {**details_data(candidate, centre_a, exams[:1]), "soumettre": ""}
    first = client_candidate.post(DETAILS, data)
    second = client_candidate.post(DETAILS, {**data, "phone": "0999999999"}, follow=True)
    assert Registration.objects.count() == 1
    assert second.redirect_chain[-1][0] == first.url
    assert "Cette demande avait déjà été soumise : la voici." in text(second)
    candidate.refresh_from_db()
    assert candidate.phone == "0102030405"  # the second « Soumettre » changed nothing


def test_second_request_for_same_exam_at_another_centre_is_refused(
    client_candidate, candidate, session, centre_a, centre_b, exams
):
    submit(candidate, centre_a, session, exams[:1])
    data = {**details_data(candidate, centre_b, exams[:1]), "soumettre": ""}
    response = client_candidate.post(DETAILS, data)
    assert response.status_code == 200
    assert "Vous avez déjà une demande en cours au centre" in text(response)
    assert Registration.objects.count() == 1


def test_identity_is_read_only_after_the_first_request(
    client_candidate, candidate, session, centre_a, exams
):
    submit(candidate, centre_a, session, exams[:1])
    data = {**details_data(candidate, centre_a, exams[1:2], birth_name="Autre"), "soumettre": ""}
    client_candidate.post(DETAILS, data)
    candidate.refresh_from_db()
    assert candidate.birth_name != "Autre"
    assert Registration.objects.count() == 2


def test_tampered_centre_or_exam_is_not_found(client_candidate, candidate, centre_a, exams):
    unaccredited = CentreFactory(is_accredited=False)
    assert (
        client_candidate.get(DETAILS, {"centre": unaccredited.pk, "examens": "E1"}).status_code
        == 404
    )
    assert client_candidate.get(DETAILS, {"centre": "abc", "examens": "E1"}).status_code == 404
    assert (
        client_candidate.get(DETAILS, {"centre": centre_a.pk, "examens": "E9"}).status_code == 404
    )


def test_mine_lists_requests_with_status_and_timeline(
    client_candidate, candidate, session, centre_a, exams
):
    submit(candidate, centre_a, session, exams[:2])
    body = text(client_candidate.get(reverse("registrations:mine")))
    assert centre_a.name in body
    assert "soumise" in body
    assert "Demande soumise" in body


def test_another_candidates_request_is_not_found(client, session, centre_a, exams, candidate):
    registration = submit(candidate, centre_a, session, exams[:1])
    client.force_login(CandidateFactory().user)
    detail = reverse("registrations:detail", kwargs={"pk": registration.pk})
    assert client.get(detail).status_code == 404
    withdraw = reverse("registrations:withdraw", kwargs={"pk": registration.pk})
    assert client.post(withdraw).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_candidate_withdraws_a_submitted_request(
    client_candidate, candidate, session, centre_a, exams
):
    registration = submit(candidate, centre_a, session, exams[:1])
    response = client_candidate.post(
        reverse("registrations:withdraw", kwargs={"pk": registration.pk}),
        {"confirme": "1"},
        follow=True,
    )
    registration.refresh_from_db()
    assert registration.status == Status.WITHDRAWN
    assert "Votre demande est retirée" in text(response)


def test_profile_shows_the_candidate_data(client_candidate, candidate):
    # Editing and « Signaler une erreur » are specified in tests/candidates/test_profile.py.
    body = text(client_candidate.get(reverse("candidates:profile")))
    assert candidate.birth_name in body
    assert candidate.display_nuc in body


def test_centre_list_query_count_is_constant(
    client_candidate, session, exams, django_assert_max_num_queries
):
    def add_centres(count):
        for _ in range(count):
            offers_for(centre=CentreFactory(), session=session, exams=exams[:2])

    add_centres(2)
    params = {"examens": ["E1", "E2"], "departement": "75"}
    # Session, user with candidate, the open session; the candidate's active requests and their
    # lines (invariants 1 and 2, said before the click); exams, département; the page of
    # centres with their number (no separate count); their offers with their software; the
    # software filter's choices; the session's renewal (savepoint, update, release).
    with django_assert_max_num_queries(13) as few:
        client_candidate.get(CENTRES, params)
    # The software filter's choices: no server-side cursor (DECLARE … WITH HOLD) for ten rows.
    assert not [q["sql"] for q in few.captured_queries if q["sql"].startswith("DECLARE")]
    add_centres(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client_candidate.get(CENTRES, params)
    body = text(response)
    assert body.count("Choisir ce centre") == 20
    assert "42 centres habilités organisent ces épreuves (page 1 sur 3)" in body
    last = text(client_candidate.get(CENTRES, {**params, "page": 3}))
    assert last.count("Choisir ce centre") == 2
    assert "Centres précédents" in last and "Centres suivants" not in last
    # As Django's paginator: past the end or below one, the last page; not a number, the first.
    for page, shown in (("99", "page 3 sur 3"), ("0", "page 3 sur 3"), ("x", "page 1 sur 3")):
        assert shown in text(client_candidate.get(CENTRES, {**params, "page": page}))


def test_mine_query_count_is_constant(
    client_candidate, candidate, session, exams, django_assert_max_num_queries
):
    centre = CentreFactory()
    offers_for(centre=centre, session=session, exams=exams)
    submit(candidate, centre, session, exams[:1])
    # Session, user with candidate; the waiting entries (none); the requests, their lines, events
    # and mails (not the software: only the request's own page shows it); the session's
    # renewal (savepoint, update, release).
    with django_assert_max_num_queries(10) as few:
        client_candidate.get(reverse("registrations:mine"))
    for exam in exams[1:]:
        submit(candidate, centre, session, [exam])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client_candidate.get(reverse("registrations:mine"))
    assert text(response).count("Demande CU-") == 4
