"""Each action of the request page, through the test client, with its French messages."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from payments.models import Method, Payment
from registrations.models import EventKind, Registration, Status
from registrations.money import registration_amounts
from tests.factories import CandidateFactory, advance, finance, submit

pytestmark = pytest.mark.django_db


def _url(name: str, registration: Registration, **kwargs) -> str:
    return reverse(f"centre:{name}", kwargs={"registration_id": registration.pk, **kwargs})


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_request_page_shows_candidate_exams_software_seats_and_actions(staff_client, request_a):
    response = staff_client.get(_url("request", request_a))
    body = _text(response)
    assert response.status_code == 200
    assert request_a.candidate.display_nuc in body
    assert "places restantes : 10 / 10" in body
    assert "Pré-valider" in body and "Refuser" in body
    assert "Enregistrer le règlement" not in body


def test_pre_validate_takes_a_seat_and_shows_the_deadline(staff_client, request_a):
    response = staff_client.post(_url("pre_validate", request_a), follow=True)
    request_a.refresh_from_db()
    assert request_a.status == Status.PRE_VALIDATED
    assert f"Demande {request_a.reference} pré-validée." in _text(response)
    assert "places restantes : 9 / 10" in _text(response)
    assert "Règlement attendu" in _text(response)
    assert "au plus tard le vendredi 13 mars 2026 à 10 h 00" in _text(response)


def test_pre_validate_without_a_seat_names_the_full_exam(
    staff_client, staff_a, request_a, centre_a, session, exams
):
    offer = centre_a.offers.get(exam=exams[1])
    offer.capacity = 1
    offer.save(update_fields=["capacity"])
    other = submit(CandidateFactory(), centre_a, session, [exams[1]])
    advance(other, to=Status.PRE_VALIDATED, actor=staff_a)
    response = staff_client.post(_url("pre_validate", request_a), follow=True)
    assert f"Plus de place pour l'épreuve {exams[1].code} dans ce centre" in _text(response)
    request_a.refresh_from_db()
    assert request_a.status == Status.SUBMITTED
    assert centre_a.offers.get(exam=exams[0]).seats_taken == 0  # nothing half-done


def test_bulk_pre_validate_reports_each_request(
    staff_client, request_a, request_b, centre_a, session, exams
):
    refused = submit(CandidateFactory(), centre_a, session, exams[2:3])
    offer = centre_a.offers.get(exam=exams[2])
    offer.capacity = 0
    offer.save(update_fields=["capacity"])
    response = staff_client.post(
        reverse("centre:bulk_pre_validate"),
        {"demandes": [request_a.pk, refused.pk, request_b.pk]},
        follow=True,
    )
    body = _text(response)
    assert f"{request_a.reference} : pré-validée." in body
    assert f"{refused.reference} : Plus de place pour l'épreuve {exams[2].code}" in body
    request_b.refresh_from_db()
    assert request_b.status == Status.SUBMITTED  # another centre's id is silently ignored
    assert request_b.reference not in body


@pytest.mark.parametrize("bad", ["²", "١٢", " 1", "1.0", "-1", "9" * 30])
def test_bulk_pre_validate_refuses_a_tampered_selection(staff_client, request_a, bad):
    # "²".isdigit() is true but int("²") fails; int() would read "١٢" as 12 and 1.0 or " 1"
    # as 1: only the plain digits the page itself writes are an id.
    response = staff_client.post(
        reverse("centre:bulk_pre_validate"), {"demandes": [request_a.pk, bad]}, follow=True
    )
    assert response.status_code == 200
    assert "La sélection envoyée est illisible : rien n'a été pré-validé." in _text(response)
    request_a.refresh_from_db()
    assert request_a.status == Status.SUBMITTED


def test_refuse_needs_a_reason_then_closes_the_request(staff_client, request_a):
    response = staff_client.post(_url("refuse", request_a), {"reason": "  "})
    assert response.status_code == 400
    assert "Indiquez le motif." in _text(response)
    request_a.refresh_from_db()
    assert request_a.status == Status.SUBMITTED

    response = staff_client.post(
        _url("refuse", request_a), {"reason": "Dossier incomplet", "confirme": "1"}, follow=True
    )
    request_a.refresh_from_db()
    assert request_a.status == Status.REFUSED
    assert request_a.refusal_reason == "Dossier incomplet"
    assert "Motif du refus : Dossier incomplet" in _text(response)


def test_refuse_in_the_wrong_state_is_refused(staff_client, staff_a, request_a):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a)
    response = staff_client.post(_url("refuse", request_a), {"reason": "Trop tard"})
    assert response.status_code == 400
    assert "Impossible de refuser une demande au statut « pré-validée »." in _text(response)


def test_payment_form_is_prefilled_and_a_wrong_amount_names_the_expected_figure(
    staff_client, staff_a, request_a, now
):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a)
    page = staff_client.get(_url("request", request_a))
    assert page.context["payment_form"].initial["amount"] == Decimal("100.00")
    response = staff_client.post(
        _url("payment", request_a),
        {
            "amount": "50",
            "method": Method.CHEQUE,
            "received_on": "2026-03-10",
            "reference": "n° 1",
        },
    )
    assert response.status_code == 400
    assert "Le montant attendu est de 100,00 € (50,00 € par épreuve)" in _text(response)
    assert not Payment.objects.exists()


def test_payment_then_confirm(staff_client, staff_a, request_a):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a)
    data = {"amount": "100,00", "method": Method.TRANSFER, "received_on": "2026-03-10"}
    response = staff_client.post(_url("payment", request_a), data, follow=True)
    assert "Règlement enregistré" in _text(response)
    assert "Valider définitivement" in _text(response)
    payment = Payment.objects.get()
    assert (payment.amount, payment.method, payment.recorded_by) == (
        Decimal("100.00"), Method.TRANSFER, staff_a,
    )  # fmt: skip

    response = staff_client.post(_url("confirm", request_a), {"confirme": "1"}, follow=True)
    request_a.refresh_from_db()
    assert request_a.status == Status.CONFIRMED
    assert f"Inscription {request_a.reference} validée définitivement." in _text(response)


def test_payment_received_in_the_future_is_refused(staff_client, staff_a, request_a):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a)
    data = {"amount": "100", "method": Method.CASH, "received_on": "2026-04-01"}
    response = staff_client.post(_url("payment", request_a), data)
    assert "La date de réception ne peut pas être dans le futur." in _text(response)


def test_payment_on_a_submitted_request_is_refused(staff_client, request_a):
    data = {"amount": "100", "method": Method.CASH, "received_on": "2026-03-10"}
    response = staff_client.post(_url("payment", request_a), data)
    assert response.status_code == 400
    assert "Un règlement ne s'enregistre que sur une demande pré-validée" in _text(response)


def test_financing_lets_the_centre_confirm_without_payment(staff_client, staff_a, request_a):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a)
    response = staff_client.post(
        _url("financing", request_a), {"training_body": "Greta Tahiti"}, follow=True
    )
    assert "Prise en charge par la formation enregistrée." in _text(response)
    staff_client.post(_url("confirm", request_a), {"confirme": "1"})
    request_a.refresh_from_db()
    assert request_a.status == Status.CONFIRMED
    assert request_a.training_body == "Greta Tahiti"


def test_confirm_before_payment_is_refused(staff_client, staff_a, request_a):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a)
    response = staff_client.post(_url("confirm", request_a), follow=True)
    assert "ne peut être validée définitivement qu'une fois réglée" in _text(response)
    request_a.refresh_from_db()
    assert request_a.status == Status.PRE_VALIDATED


def test_remove_exam_frees_the_seat_and_recomputes_the_amount(
    staff_client, staff_a, request_a, centre_a, exams
):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a)
    line = request_a.lines.get(exam=exams[1])
    url = _url("remove_exam", request_a, line_id=line.pk)
    response = staff_client.post(url, {"reason": ""})
    assert "Indiquez le motif." in _text(response)

    response = staff_client.post(url, {"reason": "Demandée par erreur"}, follow=True)
    assert f"Épreuve {exams[1].code} retirée de la demande." in _text(response)
    assert "retirée par le centre : Demandée par erreur" in _text(response)
    request_a.refresh_from_db()
    assert registration_amounts(request_a).due == Decimal("50.00")
    assert centre_a.offers.get(exam=exams[1]).seats_taken == 0
    assert request_a.events.filter(kind=EventKind.EXAM_REMOVED).count() == 1
    assert response.context["payment_form"].initial["amount"] == Decimal("50.00")


def test_remove_exam_after_payment_is_refused(staff_client, staff_a, request_a):
    advance(request_a, to=Status.PAID, actor=staff_a)
    line = request_a.lines.first()
    response = staff_client.post(
        _url("remove_exam", request_a, line_id=line.pk), {"reason": "Erreur"}
    )
    assert response.status_code == 400
    assert "Impossible de retirer une épreuve sur une demande au statut « réglée »." in _text(
        response
    )


def test_financed_request_shows_confirm_not_payment(staff_client, staff_a, request_a):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a)
    finance(request_a, actor=staff_a)
    body = _text(staff_client.get(_url("request", request_a)))
    assert "Valider définitivement" in body
    assert "Enregistrer le règlement" not in body
