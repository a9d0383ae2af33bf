"""How a request's times read (issue 13): in its centre's clock everywhere — pages, timeline,
mails, PDF — with the zone named when it is not Paris time or not the reader's; a deadline at
local midnight reads as the day before at 23 h 59."""

import datetime
import html
import re

import pytest
from django.template.defaultfilters import date
from django.urls import reverse
from django.utils.timezone import template_localtime

from registrations.pdf import registration_summary_pdf
from registrations.services import registration_pre_validate
from registrations.times import machine_time
from tests.factories import CandidateFactory, CentreFactory, StaffFactory, offers_for, submit
from tests.registrations.test_summary_pdf import pdf_text

pytestmark = pytest.mark.django_db

# 00:00 in Papeete (UTC-10) on Tuesday 10 March 2026: + 72 working hours is Friday 00:00.
TAHITI_MIDNIGHT = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def papeete(session, exams):
    centre = CentreFactory(name="TAHITIPLUS", department_code="987")
    offers_for(centre=centre, session=session, exams=exams)
    return centre


def _text(response) -> str:
    """The page as read: tags dropped, spaces collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def _shown_times(text: str) -> list[str]:
    """Every « … à H h MM … » of a page, with what follows it (the zone, when named)."""
    return re.findall(r"\d{4} à \d{1,2} h \d{2}(?: \(heure de [^)]+\))?", text)


def test_a_tahiti_request_reads_in_tahiti_time_on_every_page_and_in_the_pdf(
    client, papeete, session, exams, now
):
    candidate = CandidateFactory(postal_code="98714")
    registration = submit(candidate, papeete, session, exams[:1])
    registration_pre_validate(
        registration=registration, actor=StaffFactory(centre=papeete), now=now
    )

    client.force_login(candidate.user)
    page = _text(client.get(reverse("registrations:detail", args=[registration.pk])))
    # 09:00 UTC is 23:00 on Monday 9 March in Papeete: submission, timeline, deadline alike.
    assert "Soumise le lundi 9 mars 2026 à 23 h 00 (heure de Tahiti)" in page
    shown = _shown_times(page)
    assert len(shown) >= 3, shown  # submitted, two timeline events, the deadline
    assert all(time.endswith("(heure de Tahiti)") for time in shown), shown
    assert "10:00" not in page and "à 10 h 00" not in page  # Paris time, nowhere

    client.force_login(StaffFactory(centre=papeete))
    page = _text(client.get(reverse("centre:request", args=[registration.pk])))
    shown = _shown_times(page)
    assert len(shown) >= 3, shown
    assert all(time.startswith("2026 à 23 h 00 (heure de Tahiti)") for time in shown[:-1]), shown

    pdf = " ".join(pdf_text(registration_summary_pdf(registration)).split())
    assert "édité par Certif-UP (UPPCTSC) le lundi 9 mars 2026 à 23 h 00 (heure de Tahiti)" in pdf


def test_a_papeete_candidate_at_a_paris_centre_is_told_paris_time(
    client, centre_a, session, exams, now
):
    candidate = CandidateFactory(postal_code="98714")
    registration = submit(candidate, centre_a, session, exams[:1])
    client.force_login(candidate.user)
    page = _text(client.get(reverse("registrations:detail", args=[registration.pk])))
    assert "Soumise le mardi 10 mars 2026 à 10 h 00 (heure de Paris)" in page
    assert all(time.endswith("(heure de Paris)") for time in _shown_times(page))

    client.force_login(StaffFactory(centre=centre_a))
    page = _text(client.get(reverse("centre:request", args=[registration.pk])))
    assert "mardi 10 mars 2026 à 10 h 00" in page and "heure de" not in page


def test_a_deadline_at_local_midnight_reads_as_the_day_before_at_23_59(
    client, papeete, session, exams, mailoutbox, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(postal_code="98714")
    registration = submit(candidate, papeete, session, exams[:1], now=TAHITI_MIDNIGHT)
    with django_capture_on_commit_callbacks(execute=True):
        registration_pre_validate(
            registration=registration, actor=StaffFactory(centre=papeete), now=TAHITI_MIDNIGHT
        )
    expected = "au plus tard le jeudi 12 mars 2026 à 23 h 59 (heure de Tahiti)"

    [mail] = [m for m in mailoutbox if m.to == [candidate.email] and "pré-validée" in m.subject]
    assert f"Votre règlement doit parvenir au centre {expected}." in mail.body
    client.force_login(candidate.user)
    page = _text(client.get(reverse("registrations:detail", args=[registration.pk])))
    assert expected in page
    assert "vendredi 13 mars" not in page
    pdf = " ".join(pdf_text(registration_summary_pdf(registration)).split())
    assert f"À régler {expected}" in pdf


def test_the_centres_request_page_dates_the_candidates_corrections_in_its_clock(
    client, papeete, session, exams, now
):
    from candidates.corrections import correction_request_create

    candidate = CandidateFactory()
    registration = submit(candidate, papeete, session, exams[:1])
    correction_request_create(
        candidate=candidate, field="birth_name", proposed_value="Dupont", comment="", now=now
    )
    client.force_login(StaffFactory(centre=papeete))
    for url in (reverse("centre:request", args=[registration.pk]), reverse("centre:corrections")):
        page = _text(client.get(url))
        assert "10/03/2026 10:00" not in page  # Paris time, at a Tahiti centre
        assert "lundi 9 mars 2026 à 23 h 00 (heure de Tahiti)" in page


def test_a_session_window_reads_in_paris_time_named_unless_the_reader_lives_on_it():
    from registrations.times import session_time_text

    opening = datetime.datetime(2026, 6, 1, 7, 0, tzinfo=datetime.UTC)
    paris_reader = CandidateFactory(postal_code="75002")
    tahiti_reader = CandidateFactory(postal_code="98714")
    assert session_time_text(opening, reader=paris_reader) == "lundi 1 juin 2026 à 9 h 00"
    assert session_time_text(opening, reader=tahiti_reader).endswith("9 h 00 (heure de Paris)")
    assert session_time_text(opening, reader=None).endswith("9 h 00 (heure de Paris)")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_day_and_time_read_as_djangos_date_format(language):
    """times writes « mardi 10 mars 2026 à 8 h 45 » itself (Django's formatter is slow per
    call): the text is the one ``date_format`` gives, every day of a year, every minute."""
    from django.utils import translation
    from django.utils.formats import date_format

    from registrations import times

    start = datetime.datetime(2026, 1, 1, 0, 0, tzinfo=datetime.UTC)
    with translation.override(language):
        for step in range(0, 366 * 24 * 60, 97):  # every weekday, month and minute
            moment = start + datetime.timedelta(minutes=step)
            assert times._day_text(moment) == date_format(moment, "l j F Y")
            assert times._time_text(moment) == date_format(moment, r"G \h i")


@pytest.mark.parametrize(
    "moment",
    [TAHITI_MIDNIGHT, datetime.datetime(2026, 7, 1, 21, 30, 5, tzinfo=datetime.UTC)],
    ids=["winter", "summer"],
)
def test_machine_time_is_what_the_date_filter_gave(moment):
    """The ``datetime`` attribute of the timeline's ``<time>``: the filter it replaced, to
    the character, in winter and summer time."""
    assert machine_time(moment) == date(template_localtime(moment), "Y-m-d\\TH:i:sO")
    assert machine_time(None) == ""
