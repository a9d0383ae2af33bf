"""UPPCTSC declares closures in /admin/ (every centre, one département, or one centre): the form
refuses in French what the service refuses, and a saved closure goes through the service, so
it pushes back the deadlines running there. Then it is read-only and never deleted."""

import datetime
import html

import pytest
from django.urls import reverse

from centres.models import Closure
from notifications.models import OutboundMail
from registrations.closures import closure_declare
from tests.factories import advance, department

pytestmark = pytest.mark.django_db

ADD = reverse("admin:centres_closure_add")
THURSDAY = datetime.date(2026, 3, 12)


@pytest.fixture
def admin_client(client, uppctsc):
    client.force_login(uppctsc)
    return client


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def form(**data) -> dict:
    return {
        "centre": "",
        "department": "",
        "first_day": "12/03/2026",
        "last_day": "12/03/2026",
        "reason": "Pont",
        **data,
    }


def test_uppctsc_closes_every_centre_of_a_department_and_the_deadlines_there_move(
    admin_client, request_a, staff_a, uppctsc, now
):
    registration = advance(request_a, to="pre_validated", actor=staff_a, now=now)
    due_before = registration.payment_due_at

    response = admin_client.post(ADD, form(department="75"), follow=True)

    assert response.status_code == 200
    closure = Closure.objects.get()
    assert (closure.department_id, closure.centre_id, closure.created_by) == ("75", None, uppctsc)
    assert closure.created_at == now
    registration.refresh_from_db()
    # Pre-validated Tuesday 10:00, due Friday 10:00; Thursday closed: Monday 10:00.
    assert registration.payment_due_at == due_before + datetime.timedelta(days=3)
    assert OutboundMail.objects.filter(template="deadline_extended").count() == 1


def test_a_closure_in_the_past_is_refused_in_french_in_the_form(admin_client, now):
    response = admin_client.post(ADD, form(first_day="09/03/2026", last_day="09/03/2026"))

    assert response.status_code == 200
    assert "Une fermeture ne peut pas commencer dans le passé" in text(response)
    assert not Closure.objects.exists()


def test_a_centre_and_a_department_together_are_refused_in_french(admin_client, centre_a, now):
    response = admin_client.post(ADD, form(centre=centre_a.pk, department="75"))

    assert "Une fermeture concerne un centre ou un département, pas les deux." in text(response)
    assert not Closure.objects.exists()


def test_a_declared_closure_is_shown_read_only_and_cannot_be_deleted(admin_client, uppctsc, now):
    closure = closure_declare(
        first_day=THURSDAY, last_day=THURSDAY, reason="Pont", actor=uppctsc, now=now
    )
    change = reverse("admin:centres_closure_change", args=[closure.pk])

    page = admin_client.get(change)
    admin_client.post(change, form(first_day="20/03/2026", last_day="20/03/2026"))

    assert page.status_code == 200
    assert 'name="first_day"' not in page.content.decode()
    closure.refresh_from_db()
    assert closure.first_day == THURSDAY
    delete = reverse("admin:centres_closure_delete", args=[closure.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Closure.objects.filter(pk=closure.pk).exists()


def test_the_list_names_what_each_closure_concerns(admin_client, centre_a, uppctsc, now):
    for scope in ({}, {"department": department("987")}, {"centre": centre_a}):
        closure_declare(
            first_day=THURSDAY, last_day=THURSDAY, reason="Pont", actor=uppctsc, now=now, **scope
        )

    page = text(admin_client.get(reverse("admin:centres_closure_changelist")))

    assert "Tous les centres" in page
    assert "Tous les centres du 987 – Polynésie française" in page
    assert "Lycée Voltaire" in page
