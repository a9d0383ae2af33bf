"""The login throttling policy under attack (issue 12): what each counter stops, and what it
must never stop. Counters: per (account, address), per account from every address (a higher
ceiling), and per address, candidates' logins apart from staff's. README « Sécurité »."""

import pytest
from django.test import Client
from django.urls import reverse

from candidates.nuc import make_nuc
from tests.candidates.helpers import attempt, links_in, path_of, text
from tests.factories import PASSWORD, CandidateFactory, StaffFactory

LOGIN = reverse("candidates:login")
STAFF_LOGIN = reverse("centre:login")
ADMIN_LOGIN = reverse("admin:login")
PASSWORD_CHANGE = reverse("candidates:password_change")
ROOM = "203.0.113.50"  # a training centre: trainees and staff behind one address
NEW_PASSWORD = "Nouveau-Cheval-77"


def login_status(username: str, *, url: str = LOGIN, ip: str = ROOM, password=PASSWORD) -> int:
    """The answer to one login from a fresh browser: 302 signed in, 200 refused, 429 locked."""
    return attempt(Client(), username, password, url=url, ip=ip).status_code


def wrong_guesses_answered(client, username, *, url, ip, tries) -> int:
    """How many wrong passwords got the ordinary « incorrect » answer (the guess was checked
    and the attacker may go on), out of ``tries``."""
    return sum(
        attempt(client, username, "mauvais", url=url, ip=ip).status_code == 200
        for _ in range(tries)
    )


@pytest.mark.parametrize("victim_kind", ["staff", "candidate"])
def test_a_success_with_ones_own_account_never_clears_anothers_failures(
    victim_kind, staff_a, candidate, other_candidate, settings, now
):
    """Attack 1: 4 guesses at a victim, then a login with one's own account, ×10. Before the
    fix the success wiped the address's failures: 40 guesses answered, never locked."""
    victim, url = (
        (staff_a.username, STAFF_LOGIN) if victim_kind == "staff" else (candidate.nuc, LOGIN)
    )
    attacker = Client()
    answered = 0
    for _ in range(10):
        answered += wrong_guesses_answered(attacker, victim, url=url, ip=ROOM, tries=4)
        assert login_status(other_candidate.nuc) == 302

    assert answered == settings.AXES_FAILURE_LIMIT - 1
    assert attempt(attacker, victim, PASSWORD, url=url, ip=ROOM).status_code == 429


def test_a_training_room_behind_one_address_all_get_in(db, staff_a, uppctsc, now):
    """Attack 2's victims: 30 trainees mistype once, then all type the right password."""
    room = [(Client(), trainee) for trainee in CandidateFactory.create_batch(30, trainee=True)]
    for browser, trainee in room:
        assert attempt(browser, trainee.nuc, "mauvais", ip=ROOM).status_code == 200
    for browser, trainee in room:
        assert attempt(browser, trainee.nuc, PASSWORD, ip=ROOM).status_code == 302

    assert login_status(staff_a.username, url=STAFF_LOGIN) == 302
    assert login_status(uppctsc.username, url=ADMIN_LOGIN) == 302


def test_candidates_failures_never_block_the_staff_behind_the_same_address(
    db, candidate, staff_a, uppctsc, settings, now
):
    """One address trying many NUCs (password spraying) is stopped at its own ceiling, which
    only candidates' logins count: the centre's staff there still get in."""
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        unknown = make_nuc(year=26, sequence=500_000 + n)
        assert attempt(Client(), unknown, "mauvais", ip=ROOM).status_code in (200, 429)

    assert login_status(candidate.nuc) == 429
    assert login_status(staff_a.username, url=STAFF_LOGIN) == 302
    assert login_status(uppctsc.username, url=ADMIN_LOGIN) == 302


def test_staff_failures_are_counted_apart_from_candidates(db, candidate, settings, now):
    limit, per_pair = settings.AXES_STAFF_ADDRESS_FAILURE_LIMIT, settings.AXES_FAILURE_LIMIT - 1
    sprayed = StaffFactory.create_batch(-(-limit // per_pair))
    failures = [member for member in sprayed for _ in range(per_pair)][:limit]
    for member in failures:
        attempt(Client(), member.username, "mauvais", url=STAFF_LOGIN, ip=ROOM)

    assert login_status(StaffFactory().username, url=STAFF_LOGIN) == 429
    assert login_status(candidate.nuc) == 302


def test_failures_from_other_addresses_do_not_lock_the_owner_out(candidate, settings, now):
    """Attack 3: before the fix, five failures from five addresses locked the NUC everywhere."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), candidate.nuc, "mauvais", ip=f"198.51.100.{n + 1}")
    assert login_status(candidate.nuc, ip="192.0.2.77") == 302


def test_one_address_is_locked_for_one_account_only(candidate, other_candidate, settings, now):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), candidate.nuc, "mauvais", ip=ROOM)

    assert login_status(candidate.nuc) == 429
    assert login_status(other_candidate.nuc) == 302
    assert login_status(candidate.nuc, ip="192.0.2.77") == 302


def test_an_address_that_goes_on_after_its_lock_does_not_lock_the_owner_elsewhere(
    candidate, settings, now
):
    """Refused attempts are not guesses: counting them would let one address reach the
    account's ceiling and lock its owner out everywhere."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(Client(), candidate.nuc, "mauvais", ip=ROOM)
    for _ in range(settings.AXES_ACCOUNT_FAILURE_LIMIT):
        assert login_status(candidate.nuc, password="mauvais") == 429

    assert login_status(candidate.nuc, ip="192.0.2.77") == 302


def spread_failures(nuc: str, count: int) -> None:
    for n in range(count):
        attempt(Client(), nuc, "mauvais", ip=f"198.51.{n // 250}.{n % 250 + 1}")


def test_guessing_one_account_from_many_addresses_stops_at_the_ceiling(candidate, settings, now):
    spread_failures(candidate.nuc, settings.AXES_ACCOUNT_FAILURE_LIMIT - 1)
    assert login_status(candidate.nuc, ip="192.0.2.77") == 302

    spread_failures(candidate.nuc, 1)
    locked = attempt(Client(), candidate.nuc, PASSWORD, ip="192.0.2.78")
    assert locked.status_code == 429
    # The page tells the owner how to get back in at once.
    assert "Mot de passe oublié" in text(locked)
    assert reverse("candidates:password_reset_by_nuc") in locked.content.decode()
    assert reverse("candidates:password_reset") in locked.content.decode()


@pytest.mark.parametrize("by", ["nuc", "email"])
def test_a_completed_password_reset_lifts_the_accounts_lock(
    client, candidate, settings, mailoutbox, delivered, by, now
):
    spread_failures(candidate.nuc, settings.AXES_ACCOUNT_FAILURE_LIMIT)
    assert login_status(candidate.nuc, ip="192.0.2.77") == 429

    with delivered():
        if by == "nuc":
            client.post(reverse("candidates:password_reset_by_nuc"), {"nuc": candidate.nuc})
        else:
            client.post(reverse("candidates:password_reset"), {"email": candidate.email})
    [link] = [url for url in links_in(mailoutbox[-1]) if "/reinitialiser/" in url]
    form = client.get(path_of(link), follow=True)
    new = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(form.redirect_chain[-1][0], new).status_code == 302

    assert login_status(candidate.nuc, ip="192.0.2.77", password=NEW_PASSWORD) == 302


def change_password(client, old_password: str, ip: str = ROOM):
    data = {
        "old_password": old_password,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    return client.post(PASSWORD_CHANGE, data, REMOTE_ADDR=ip)


def test_the_current_password_check_is_throttled_like_a_login(client, candidate, settings, now):
    """Attack 4: before the fix, 15 wrong current passwords out of 15 were checked."""
    client.force_login(candidate.user)
    answers = [change_password(client, "mauvais").status_code for _ in range(15)]

    assert answers.count(200) == settings.AXES_FAILURE_LIMIT - 1
    refused = change_password(client, PASSWORD)
    assert refused.status_code == 429
    assert "Mot de passe oublié" in text(refused)
    candidate.user.refresh_from_db()
    assert candidate.user.check_password(PASSWORD)


def test_the_password_change_and_the_login_share_one_counter(client, candidate, settings, now):
    client.force_login(candidate.user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert change_password(client, "mauvais").status_code == 200
    attempt(Client(), candidate.nuc, "mauvais", ip=ROOM)

    assert login_status(candidate.nuc) == 429
    assert change_password(client, PASSWORD).status_code == 429


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (LOGIN, "Le formulaire comporte des erreurs"),
        (STAFF_LOGIN, "Identifiant ou mot de passe incorrect."),
        (ADMIN_LOGIN, "sensibles à la casse"),
    ],
)
def test_an_overlong_username_is_a_bad_login_not_a_500(client, db, url, message):
    """django-axes keeps the username in a 255-character column: before the fix, 256
    characters at the staff or admin login were a 500."""
    response = attempt(client, "a" * 256, "mauvais", url=url)

    assert response.status_code == 200
    assert message in text(response)
