"""What a Tahiti candidate reads on their request's page (issue 13): every time in Tahiti
time with the zone named, and the deadline as people write one."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils.formats import date_format
from playwright.sync_api import expect

from registrations.services import registration_pre_validate
from tests.factories import PASSWORD, CandidateFactory, StaffFactory, submit

TAHITI = ZoneInfo("Pacific/Tahiti")


def _last_tahiti_midnight() -> datetime.datetime:
    """The seed's session is open around the real date, so the request is made today."""
    local = datetime.datetime.now(TAHITI)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_tahiti_candidate_reads_tahiti_time_and_a_deadline_the_day_before_at_23_59(
    live_server, page, seed_example
):
    candidate = CandidateFactory(birth_name="Teriitehau", first_names="Moana", postal_code="98714")
    tahiti = seed_example.tahiti
    midnight = _last_tahiti_midnight()
    registration = submit(candidate, tahiti, seed_example.session, [seed_example.e1], now=midnight)
    registration = registration_pre_validate(
        registration=registration, actor=StaffFactory(centre=tahiti), now=midnight
    )
    # Whole working days from a midnight end at a midnight: the day before is the last one.
    due = registration.payment_due_at.astimezone(TAHITI)
    assert (due.hour, due.minute) == (0, 0)
    last_day = date_format(due - datetime.timedelta(days=1), "l j F Y")

    page.goto(live_server.url + "/connexion/")
    page.get_by_label("NUC").fill(candidate.display_nuc)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server.url + f"/mes-inscriptions/{registration.pk}/")

    expect(page.get_by_text("Soumise le")).to_be_visible()
    expect(
        page.get_by_text(f"au plus tard le {last_day} à 23 h 59 (heure de Tahiti)")
    ).to_be_visible()
    times = page.locator("ol.timeline time").all_inner_texts()
    assert len(times) == 2, times  # submitted, pre-validated
    assert all(re.fullmatch(r".* à \d{1,2} h \d{2} \(heure de Tahiti\)", t) for t in times), times
    submitted = f"{date_format(midnight, 'l j F Y')} à 0 h 00 (heure de Tahiti)"
    expect(page.locator("dd", has_text=submitted)).to_be_visible()
