"""Staff set the capacity and software of their centre's exams, never below the seats taken."""

import datetime
import html

import pytest
from django.urls import reverse

from backoffice.services import exam_offer_update
from certifup.errors import DomainError
from registrations.models import Status
from tests.factories import CandidateFactory, SoftwareFactory, advance, submit

pytestmark = pytest.mark.django_db


def _url(offer) -> str:
    return reverse("centre:offer", kwargs={"offer_id": offer.pk})


def test_staff_change_capacity_and_software(staff_client, centre_a, exams):
    offer = centre_a.offers.get(exam=exams[0])
    excel = SoftwareFactory(name="Excel 2017")
    response = staff_client.post(
        _url(offer), {"capacity": 25, "software": [excel.pk]}, follow=True
    )
    assert f"Épreuve {exams[0].code} mise à jour." in html.unescape(response.content.decode())
    offer.refresh_from_db()
    assert offer.capacity == 25
    assert list(offer.software.all()) == [excel]


def test_capacity_below_seats_taken_is_refused(
    staff_client, staff_a, centre_a, session, exams, request_a
):
    advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a)
    other = submit(CandidateFactory(), centre_a, session, [exams[0]])
    advance(other, to=Status.PRE_VALIDATED, actor=staff_a)
    offer = centre_a.offers.get(exam=exams[0])
    software = list(offer.software.values_list("pk", flat=True))
    response = staff_client.post(_url(offer), {"capacity": 1, "software": software})
    assert response.status_code == 400
    assert (
        f"2 places sont déjà prises pour l'épreuve {exams[0].code} : la capacité ne peut pas "
        "être inférieure." in html.unescape(response.content.decode())
    )
    offer.refresh_from_db()
    assert offer.capacity == 10


def test_no_software_is_refused(staff_client, centre_a, exams):
    offer = centre_a.offers.get(exam=exams[0])
    response = staff_client.post(_url(offer), {"capacity": 5})
    assert "Choisissez au moins un logiciel imposé." in html.unescape(response.content.decode())


def test_closed_once_the_exams_started(staff_a, centre_a, session, exams, now):
    offer = centre_a.offers.get(exam=exams[0])
    started = datetime.datetime.combine(
        session.exams_start_on, datetime.time(8), tzinfo=datetime.UTC
    )
    with pytest.raises(DomainError, match="ont commencé"):
        exam_offer_update(
            offer=offer,
            actor=staff_a,
            now=started,
            capacity=20,
            software=list(offer.software.all()),
        )


def test_another_centres_staff_cannot_update(staff_b, centre_a, exams, now):
    offer = centre_a.offers.get(exam=exams[0])
    with pytest.raises(DomainError, match="pas organisée par votre centre"):
        exam_offer_update(
            offer=offer, actor=staff_b, now=now, capacity=20, software=list(offer.software.all())
        )


def test_offers_list_shows_seats_and_links(staff_client, centre_a, centre_b, exams):
    body = html.unescape(staff_client.get(reverse("centre:offers")).content.decode())
    assert "0 / 10" in body
    assert f"Modifier {exams[0].code}" in body
    assert centre_b.name not in body
