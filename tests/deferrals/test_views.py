"""The candidate's « Demander un report » page and the justification's one door, through the
test client, with real files."""

import html

import pytest
from django.urls import reverse

from deferrals.models import Deferral, JustificationAccess
from deferrals.services import deferral_accept
from tests.deferrals.conftest import big_pdf_file, exe_file, line_of, pdf_file, png_file, request
from tests.factories import advance, submit


def text(response) -> str:
    return html.unescape(response.content.decode())


def form_url(registration, code="E1") -> str:
    return reverse("deferrals:request", args=[registration.pk, line_of(registration, code).pk])


def post(client, registration, file, **data):
    payload = {"reason": "medical", "comment": "Opérée le 2 juin.", **data}
    if file is not None:
        payload["justification"] = file
    return client.post(form_url(registration), payload)


@pytest.fixture
def as_candidate(client, candidate, now):
    client.force_login(candidate.user)
    return client


def test_detail_page_offers_a_deferral_per_confirmed_exam(as_candidate, confirmed):
    body = text(as_candidate.get(reverse("registrations:detail", args=[confirmed.pk])))

    assert body.count("Demander un report") == 2
    assert form_url(confirmed, "E1") in body


def test_no_deferral_link_before_confirmation(
    as_candidate, candidate, centre_a, session, exams, staff_a, now
):
    registration = advance(
        submit(candidate, centre_a, session, exams[:1], now), to="paid", actor=staff_a, now=now
    )

    body = text(as_candidate.get(reverse("registrations:detail", args=[registration.pk])))
    assert "Demander un report" not in body
    refused = text(as_candidate.get(form_url(registration)))
    assert (
        "Seule une épreuve d'une inscription validée définitivement peut être reportée" in refused
    )
    assert "<form" not in refused.split("<main", 1)[1]


def test_form_states_the_rules_and_only_the_two_reasons(as_candidate, confirmed):
    body = text(as_candidate.get(form_url(confirmed)))

    assert "Le report ne peut se faire qu'une fois et uniquement sur la session suivante." in body
    assert "Aucun autre motif d'absence ne peut être accepté." in body
    assert body.count('type="radio"') == 2
    assert "Absence pour raison médicale (certificat médical)" in body
    assert "Absence salarié(e) (attestation de l'entreprise)" in body


@pytest.mark.parametrize("make_file", [pdf_file, png_file], ids=["pdf", "png"])
def test_a_pdf_or_a_png_is_accepted(as_candidate, confirmed, make_file, private_storage):
    response = post(as_candidate, confirmed, make_file())

    assert response.status_code == 302
    deferral = Deferral.objects.get()
    assert deferral.file_content_type == make_file().content_type
    assert (private_storage / deferral.justification.name).exists()
    detail = text(as_candidate.get(response.url))
    assert "transmise à l'UPPCTSC" in detail
    assert "en attente de la décision de l'UPPCTSC" in detail
    assert detail.count("Demander un report") == 1  # E2 only


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (exe_file, "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG"),
        (big_pdf_file, "Le fichier est trop volumineux (5,1 Mo) : 5 Mo au plus."),
        (None, "Joignez votre justificatif (PDF, JPEG ou PNG, 5 Mo au plus)."),
    ],
    ids=["renamed-exe", "oversized", "missing"],
)
def test_a_bad_file_is_refused_and_the_form_keeps_what_was_typed(
    as_candidate, confirmed, private_storage, make_file, message
):
    response = post(as_candidate, confirmed, make_file() if make_file else None, reason="employer")

    assert response.status_code == 200
    body = text(response)
    assert message in body
    assert 'aria-describedby="id_justification_error id_justification_helptext"' in body
    assert 'value="employer" id="id_reason_1" required checked' in body
    assert "Opérée le 2 juin." in body
    assert not Deferral.objects.exists()
    assert not private_storage.exists() or not any(private_storage.rglob("*.*"))


def test_a_missing_reason_is_linked_to_its_fieldset(as_candidate, confirmed):
    body = text(post(as_candidate, confirmed, pdf_file(), reason=""))

    assert "Choisissez le motif de votre absence." in body
    assert 'aria-describedby="id_reason_error"' in body


def test_another_candidates_exam_is_a_404(client, other_candidate, confirmed):
    client.force_login(other_candidate.user)

    assert client.get(form_url(confirmed)).status_code == 404
    assert post(client, confirmed, pdf_file()).status_code == 404


def test_a_carried_over_exam_is_refused_up_front(
    as_candidate, confirmed, next_session, uppctsc, now
):
    carried = deferral_accept(
        deferral=request(confirmed, now=now), actor=uppctsc, now=now, note=""
    ).carried_over_line.registration

    detail = text(as_candidate.get(reverse("registrations:detail", args=[carried.pk])))
    assert "Reportée depuis la session Juin 2026" in detail
    assert "Demander un report" not in detail
    body = text(as_candidate.get(form_url(carried)))
    assert "déjà été reportée une fois" in body
    assert post(as_candidate, carried, pdf_file()).status_code == 200
    assert Deferral.objects.count() == 1


# --- The justification's door -----------------------------------------------------------------


def justification(client, deferral):
    return client.get(reverse("deferrals:justification", args=[deferral.pk]))


@pytest.fixture
def deferral(confirmed, now):
    return request(confirmed, now=now)


def test_the_candidate_opens_their_justification_and_it_is_logged(client, candidate, deferral):
    client.force_login(candidate.user)

    response = justification(client, deferral)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    access = JustificationAccess.objects.get()
    assert (access.deferral, access.user) == (deferral, candidate.user)


def test_uppctsc_opens_any_justification_and_it_is_logged(client, uppctsc, deferral):
    client.force_login(uppctsc)

    assert justification(client, deferral).status_code == 200
    assert JustificationAccess.objects.get().user == uppctsc


@pytest.mark.parametrize("who", ["other_candidate", "staff_a"])
def test_others_and_even_the_centre_get_a_404(client, request, deferral, who):
    client.force_login(
        request.getfixturevalue(who).user
        if who == "other_candidate"
        else request.getfixturevalue(who)
    )

    assert justification(client, deferral).status_code == 404
    assert not JustificationAccess.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login(client, deferral):
    response = justification(client, deferral)

    assert response.status_code == 302
    assert response.url.startswith(reverse("candidates:login"))


def test_justifications_are_stored_outside_the_public_media_root():
    """The project's own configuration, not the tests' throw-away folder."""
    from certifup import settings as project

    private = project.STORAGES[project.DEFERRAL_STORAGE]
    assert private["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    location = private["OPTIONS"]["location"]
    assert location == project.VAR_DIR / "private"
    assert project.MEDIA_ROOT not in location.parents


def test_centre_staff_read_justifications_only_when_uppctsc_grants_it(client, staff_a, deferral):
    from django.contrib.auth.models import Permission

    staff_a.is_staff = True
    staff_a.save(update_fields=["is_staff"])
    client.force_login(staff_a)
    assert justification(client, deferral).status_code == 404

    staff_a.user_permissions.add(Permission.objects.get(codename="view_deferral"))
    client.force_login(staff_a)
    assert justification(client, deferral).status_code == 200
    assert JustificationAccess.objects.get().user == staff_a
