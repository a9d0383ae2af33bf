"""The recovery forms cannot be used to flood a mailbox: at most ``RECOVERY_MAILS_PER_TARGET``
recovery mails reach one address per window, whichever form asks, and one client address gets
at most ``RECOVERY_DEMANDS_PER_CLIENT`` demands taken per window. The page answers the same
whether a mail went or not."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from tests.candidates.helpers import text
from tests.factories import CandidateFactory

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
BIRTH_DATE = datetime.date(1991, 3, 14)


def by_email(candidate) -> tuple[str, dict]:
    return reverse("candidates:password_reset"), {"email": candidate.email}


def by_nuc(candidate) -> tuple[str, dict]:
    return reverse("candidates:password_reset_by_nuc"), {"nuc": candidate.nuc}


def nuc_forgotten(candidate) -> tuple[str, dict]:
    identity = {"birth_name": candidate.birth_name, "first_names": candidate.first_names}
    birth_date = candidate.birth_date.strftime("%d/%m/%Y")
    data = {**identity, "birth_date": birth_date, "email": candidate.email}
    return reverse("candidates:nuc_forgotten"), data


FORMS = [by_email, by_nuc, nuc_forgotten]
FORM_IDS = ["password by e-mail", "password by NUC", "NUC oublié"]


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def victim(db):
    return CandidateFactory(birth_name="Ngata", first_names="Hina", birth_date=BIRTH_DATE)


def answer(response) -> tuple:
    """What the person asking sees: the redirect, the cookies set, then the page it leads to."""
    return (response.status_code, response.url, tuple(sorted(response.cookies.keys())))


def post_many(client, form, candidate, count, ip="203.0.113.7") -> set:
    url, data = form(candidate)
    return {answer(client.post(url, data, REMOTE_ADDR=ip)) for _ in range(count)}


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_thirty_demands_for_one_victim_send_at_most_the_limit(
    client, victim, mailoutbox, delivered, clock, settings, form
):
    settings.RECOVERY_MAILS_PER_TARGET = 3
    with delivered():
        answers = post_many(client, form, victim, 30)

    assert len(answers) == 1  # the same redirect, every time
    assert [m.to for m in mailoutbox] == [[victim.email]] * 3
    done = client.get(answers.pop()[1])
    assert done.status_code == 200


@pytest.mark.parametrize("form", FORMS, ids=FORM_IDS)
def test_the_page_is_the_same_whether_a_mail_went_or_not(
    client, victim, mailoutbox, delivered, clock, settings, form
):
    settings.RECOVERY_MAILS_PER_TARGET = 1
    url, data = form(victim)
    with delivered():
        mailed = client.post(url, data, REMOTE_ADDR="203.0.113.7")
    with delivered():
        limited = client.post(url, data, REMOTE_ADDR="203.0.113.7")

    assert len(mailoutbox) == 1
    assert answer(mailed) == answer(limited)
    assert text(client.get(mailed.url)) == text(client.get(limited.url))


def test_the_limit_counts_the_mails_of_all_three_forms_together(
    client, victim, mailoutbox, delivered, clock, settings
):
    settings.RECOVERY_MAILS_PER_TARGET = 3
    with delivered():
        for form in FORMS:
            post_many(client, form, victim, 2)

    assert len(mailoutbox) == 3


def test_the_owner_gets_a_mail_again_once_the_window_is_over(
    client, victim, mailoutbox, delivered, clock, settings
):
    settings.RECOVERY_MAILS_PER_TARGET = 3
    settings.RECOVERY_WINDOW_MINUTES = 60
    with delivered():
        post_many(client, by_nuc, victim, 10)
    clock.shift(datetime.timedelta(minutes=61))
    with delivered():
        post_many(client, by_nuc, victim, 1)

    assert len(mailoutbox) == 4


def test_one_client_address_gets_only_so_many_demands_taken(
    client, db, mailoutbox, delivered, clock, settings
):
    settings.RECOVERY_DEMANDS_PER_CLIENT = 5
    settings.RECOVERY_MAILS_PER_TARGET = 3
    accounts = CandidateFactory.create_batch(8)
    with delivered():
        answers = set().union(*(post_many(client, by_nuc, a, 1) for a in accounts))
        # Another address (another training room) is not held back by the first one.
        post_many(client, by_nuc, accounts[-1], 1, ip="198.51.100.20")

    assert len(answers) == 1
    assert len(mailoutbox) == 6  # five from the first address, one from the other
    assert [m.to for m in mailoutbox][:5] == [[a.email] for a in accounts[:5]]


def test_the_client_address_ceiling_holds_across_the_three_forms(
    client, victim, db, mailoutbox, delivered, clock, settings
):
    settings.RECOVERY_DEMANDS_PER_CLIENT = 4
    settings.RECOVERY_MAILS_PER_TARGET = 100
    others = CandidateFactory.create_batch(2)
    with delivered():
        for form in FORMS:
            for candidate in (victim, *others):
                post_many(client, form, candidate, 1)

    assert len(mailoutbox) == 4
