"""UPPCTSC reads the waiting lists in /admin/: who waits where, for which exams, in which
state; never changed there (an entry moves only through registrations.waiting)."""

import html
import re

import pytest
from django.urls import reverse

from registrations.models import WaitingStatus
from registrations.waiting import waiting_join
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:registrations_waitingentry_changelist")


@pytest.fixture
def full_centre(gauguin):
    """E1 (1 seat) taken by a pre-validated request."""
    return gauguin[0]


def _join(centre, session, exams, now, **candidate):
    return waiting_join(
        candidate=CandidateFactory(**candidate), session=session, centre=centre,
        exams=exams[:1], now=now,
    )  # fmt: skip


def text(response) -> str:
    assert response.status_code == 200
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_uppctsc_sees_who_waits_where_for_which_exams(
    admin_client, full_centre, session, exams, now
):
    entry = _join(full_centre, session, exams, now, birth_name="Teriierooiterai")
    page = text(admin_client.get(LIST))
    assert "TERIIEROOITERAI" in page and "Lycée Gauguin" in page
    assert "E1" in page and "en attente" in page
    found = text(admin_client.get(LIST, {"q": "Teriierooiterai"}))
    assert "1 inscription sur liste d'attente" in found
    entry_page = text(
        admin_client.get(reverse("admin:registrations_waitingentry_change", args=[entry.pk]))
    )
    assert "Épreuves attendues" in entry_page and "Place réservée" in entry_page


def test_an_entry_is_never_added_changed_or_deleted_from_the_admin(
    admin_client, full_centre, session, exams, now
):
    entry = _join(full_centre, session, exams, now)
    change = reverse("admin:registrations_waitingentry_change", args=[entry.pk])
    assert "Enregistrer" not in text(admin_client.get(change))
    assert admin_client.post(change, {"status": WaitingStatus.LEFT}).status_code == 403
    assert admin_client.get(reverse("admin:registrations_waitingentry_add")).status_code == 403
    delete = reverse("admin:registrations_waitingentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.status == WaitingStatus.WAITING


def test_the_list_reads_a_constant_number_of_queries(
    admin_client, full_centre, session, exams, now, django_assert_max_num_queries
):
    _join(full_centre, session, exams, now)
    admin_client.get(LIST)  # the session's first renewal is not the page's
    # Session, user; the filters' sessions and centres; the count and the list's total; the
    # entries with their candidate, centre and session; their exams with offer and exam.
    with django_assert_max_num_queries(8) as few:
        admin_client.get(LIST)
    for _ in range(5):
        _join(full_centre, session, exams, now)
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(LIST)
