"""The benchmark's own code, at a tiny scale, so that it cannot rot between two `make bench`:
the generator respects the invariants, the invariant checks catch an overbooked offer, and the
three expiry sweeps compared by the benchmark do the same writes."""

import pytest
from django.db import connection

from bench import data, invariants, measures, pages, profile, rush, sweep
from centres.models import ExamOffer
from notifications.models import OutboundMail
from registrations.models import Registration, RegistrationEvent, Status
from registrations.services import registrations_expire_overdue

TINY = data.Scale(centres=6, busy_centres=2, candidates=20, registrations=30, capacity=10)


@pytest.fixture
def generated(db, now):
    return data.generate(TINY, now=now)


def test_generator_makes_the_asked_scale_with_every_invariant_holding(generated):
    assert Registration.objects.count() == TINY.registrations
    assert Registration.objects.filter(status=Status.PRE_VALIDATED).exists()
    assert ExamOffer.objects.filter(seats_taken__gt=0).exists()
    assert set(invariants.violations().values()) == {0}


def test_invariant_checks_catch_an_overbooked_offer(generated):
    offer = ExamOffer.objects.filter(seats_taken__gt=0).first()
    # Capacity 0 with seat-holding lines: what a service bypassing its lock would leave.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE centres_examoffer SET seats_taken = 0, capacity = 0 WHERE id = %s", [offer.pk]
        )
    found = invariants.violations()
    assert found["seat-holding lines ≤ capacity (no overbooking)"] == 1
    assert found["seats_taken = seat-holding lines + seats held by the waiting list"] == 1


@pytest.mark.parametrize(
    "expire",
    [
        lambda now: registrations_expire_overdue(now=now),
        lambda now: registrations_expire_overdue(now=now, batch=2),
        sweep.raw_expire,
    ],
    ids=["service", "service-in-batches-of-2", "raw-sql"],
)
def test_every_sweep_expires_the_overdue_requests_and_gives_the_seats_back(generated, now, expire):
    sweep.make_overdue(5, now)
    assert sum(ExamOffer.objects.values_list("seats_taken", flat=True)) > 0
    events_before = RegistrationEvent.objects.filter(to_status=Status.EXPIRED).count()

    assert expire(now) == 5

    assert not Registration.objects.filter(
        status=Status.PRE_VALIDATED, payment_due_at__lte=now
    ).exists()
    assert RegistrationEvent.objects.filter(to_status=Status.EXPIRED).count() == events_before + 5
    mails = OutboundMail.objects.filter(event__to_status=Status.EXPIRED)
    assert mails.filter(template="expired_candidate").count() == 5
    assert mails.filter(template="expired_centre").count() == 5
    assert set(invariants.violations().values()) == {0}


def test_every_measured_page_answers_including_the_national_view(generated, client):
    plan = pages.page_plan()
    assert "Admin vue nationale" in [label for label, _, _ in plan]
    for label, path, cookies in plan:
        client.cookies.clear()
        for name, value in (cookies or {}).items():
            client.cookies[name] = value
        assert client.get(path).status_code == 200, label


def test_each_page_is_held_to_the_goal_of_its_kind(generated):
    goals = {label: measures.page_goal(label) for label, _, _ in pages.page_plan()}
    assert goals[f"Centres du {data.BUSY_DEPARTMENT} (E1+E2)"] == 8
    assert goals["Mes inscriptions"] == 6
    assert goals["Back-office demandes à pré-valider"] == 10
    assert goals["Back-office une demande"] == 8
    assert goals["Admin vue nationale"] is None  # reported, no goal


def test_the_in_process_profiler_times_every_page(generated, capsys, settings):
    settings.ROOT_URLCONF = "bench.urls"  # the bare view
    assert profile.main(["-n", "1"]) == 0
    printed = capsys.readouterr().out
    assert "Mes inscriptions" in printed and "Back-office une demande" in printed
    assert "HTTP" not in printed  # every page, and the bare view, answered 200


def test_the_statements_of_one_submit_are_counted(generated):
    # The rush's figure against its goal (bench.measures.STATEMENTS_GOAL); the exact list is in
    # tests/registrations/test_journey_views.py.
    assert 10 <= rush.statements_per_submit() <= 16


def test_the_centres_page_measured_is_the_list_of_centres_not_the_form_in_error(generated, client):
    plan = {label: (path, cookies) for label, path, cookies in pages.page_plan()}
    path, cookies = plan[f"Centres du {data.BUSY_DEPARTMENT} (E1+E2)"]
    client.cookies["sessionid"] = cookies["sessionid"]
    assert "Choisir ce centre" in client.get(path).content.decode()
