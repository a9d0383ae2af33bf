"""Centre staff declare their centre's closures at /centre/fermetures/ and see those UPPCTSC
declared for their département or for every centre; another centre's closure is a 404."""

import datetime
import html

import pytest
from django.urls import reverse

from centres.models import Closure
from notifications.models import OutboundMail
from registrations.closures import closure_declare
from registrations.models import EventKind, Status
from tests.factories import advance, department
from tests.outbox import rendered

pytestmark = pytest.mark.django_db

LIST = reverse("centre:closures")
THURSDAY = datetime.date(2026, 3, 12)


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def form(centre, **data) -> dict:
    return {
        "centre": centre.pk,
        "first_day": "2026-03-12",
        "last_day": "2026-03-13",
        "reason": "Pont",
        **data,
    }


def detail(closure: Closure) -> str:
    return reverse("centre:closure", kwargs={"closure_id": closure.pk})


def closure(actor, now, **scope) -> Closure:
    return closure_declare(
        first_day=THURSDAY, last_day=THURSDAY, reason="Inventaire", actor=actor, now=now, **scope
    )


def test_staff_declare_a_closure_that_extends_a_running_deadline(
    staff_client, staff_a, centre_a, request_a, now
):
    registration = advance(request_a, to=Status.PRE_VALIDATED, actor=staff_a, now=now)

    response = staff_client.post(LIST, form(centre_a), follow=True)

    assert "Fermeture enregistrée" in text(response)
    assert "jeudi 12 mars 2026" in text(response)
    saved = Closure.objects.get()
    assert (saved.centre, saved.created_by, saved.reason) == (centre_a, staff_a, "Pont")
    registration.refresh_from_db()
    # Pre-validated Tuesday 10:00, due Friday 10:00; Thursday and Friday closed: Tuesday 10:00.
    assert registration.payment_due_at == datetime.datetime(2026, 3, 17, 9, 0, tzinfo=datetime.UTC)
    assert registration.events.filter(kind=EventKind.DEADLINE_EXTENDED).count() == 1
    mail = rendered(OutboundMail.objects.get(template="deadline_extended"))
    assert "au plus tard le mardi 17 mars 2026 à 10 h 00" in mail.body_text


def test_a_closure_in_the_past_is_refused_in_french(staff_client, centre_a, now):
    response = staff_client.post(LIST, form(centre_a, first_day="2026-03-09"))

    assert response.status_code == 400
    assert "Une fermeture ne peut pas commencer dans le passé" in text(response)
    assert not Closure.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"first_day": "pas une date"}, "Saisissez une date valide."),
        ({"reason": ""}, "Indiquez le motif de la fermeture."),
        ({"last_day": "2026-03-11"}, "Le dernier jour de fermeture ne peut pas précéder"),
    ],
)
def test_bad_input_gets_a_french_message(staff_client, centre_a, now, data, message):
    response = staff_client.post(LIST, form(centre_a, **data))

    assert response.status_code == 400
    assert message in text(response)
    assert not Closure.objects.exists()


def test_staff_cannot_close_another_centre(staff_client, centre_b, now):
    response = staff_client.post(LIST, form(centre_b))

    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in text(response)
    assert not Closure.objects.exists()


def test_the_list_shows_the_centres_closures_and_uppctsc_ones_for_it_only(
    staff_client, centre_a, centre_b, staff_b, uppctsc, now, django_assert_max_num_queries
):
    own = closure(uppctsc, now, centre=centre_a)
    # The session, the user (with a candidate record, if any), their centres, the savepoints
    # (3), the form's centres, then the closures in one query, whatever their number.
    with django_assert_max_num_queries(9) as few:
        staff_client.get(LIST)
    closure(uppctsc, now)  # every centre
    closure(uppctsc, now, department=department("75"))  # centre A's département
    closure(uppctsc, now, department=department("987"))  # elsewhere
    closure_declare(
        first_day=THURSDAY, last_day=THURSDAY, reason="Réservé B", actor=staff_b, now=now,
        centre=centre_b,
    )  # fmt: skip

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = text(staff_client.get(LIST))

    assert page.count("Inventaire") == 3
    assert "Tous les centres du 75 – Paris" in page
    assert "Polynésie" not in page and "Réservé B" not in page
    assert detail(own) in page


def test_another_centres_closure_is_a_404(staff_client, staff_b, centre_a, centre_b, now):
    mine = closure(staff_b, now, centre=centre_a)  # declared for A by the service itself
    theirs = closure(staff_b, now, centre=centre_b)

    assert staff_client.get(detail(mine)).status_code == 200
    assert staff_client.get(detail(theirs)).status_code == 404
