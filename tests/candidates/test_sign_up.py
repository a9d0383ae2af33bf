"""« Créer mon compte candidat », the e-mail verification link, one person one account."""

import datetime

import time_machine
from django.urls import reverse

from candidates.models import Candidate
from candidates.nuc import is_valid_new_nuc
from tests.candidates.helpers import links_in, path_of, sign_up_data, text
from tests.factories import CandidateFactory

SIGN_UP = reverse("candidates:sign_up")
DONE = reverse("candidates:sign_up_done")


def test_sign_up_creates_the_account_and_mails_the_nuc(client, db, mailoutbox, delivered):
    with delivered():
        response = client.post(SIGN_UP, sign_up_data())

    assert (response.status_code, response.url) == (302, DONE)
    candidate = Candidate.objects.get()
    assert is_valid_new_nuc(candidate.nuc)
    assert (candidate.birth_name, candidate.usage_name) == ("Dupont-Lefèvre", "Dupont-Lefèvre")
    assert candidate.email_verified_at is None
    assert candidate.user.check_password("Cheval-Agrafe-42")
    [mail] = mailoutbox
    assert mail.to == ["eloise@example.org"]
    assert candidate.display_nuc in mail.body
    assert candidate.display_nuc in mail.alternatives[0][0]
    assert "Vérifiez votre messagerie" in text(client.get(DONE))


def test_the_verification_link_verifies_and_shows_the_nuc_then_login_works(
    client, db, mailoutbox, delivered
):
    with delivered():
        client.post(SIGN_UP, sign_up_data())
    candidate = Candidate.objects.get()
    [link] = [url for url in links_in(mailoutbox[0]) if "verifier" in url]

    page = client.get(path_of(link))

    assert page.status_code == 200
    assert "Votre adresse e-mail est vérifiée" in text(page)
    assert candidate.display_nuc in text(page)
    candidate.refresh_from_db()
    assert candidate.email_verified_at is not None
    login = client.post(
        reverse("candidates:login"),
        {"username": candidate.display_nuc, "password": "Cheval-Agrafe-42"},
    )
    assert (login.status_code, login.url) == (302, reverse("registrations:mine"))


def test_a_tampered_or_expired_link_verifies_nothing(client, db, mailoutbox, delivered):
    with delivered():
        client.post(SIGN_UP, sign_up_data())
    [link] = [url for url in links_in(mailoutbox[0]) if "verifier" in url]
    path = path_of(link)

    tampered = client.get(path.replace(path.split(":")[-1][:4], "AAAA"))
    with time_machine.travel(datetime.timedelta(days=3, minutes=1)):
        expired = client.get(path)

    assert tampered.status_code == expired.status_code == 400
    assert "Ce lien n'est plus valable" in text(expired)
    assert Candidate.objects.get().email_verified_at is None


def test_a_link_sent_to_an_old_address_no_longer_verifies(client, db, mailoutbox, delivered):
    with delivered():
        client.post(SIGN_UP, sign_up_data())
    [link] = [url for url in links_in(mailoutbox[0]) if "verifier" in url]
    Candidate.objects.update(email="autre@example.org")

    assert client.get(path_of(link)).status_code == 400


def test_passwords_are_checked_by_django_validators_in_french(client, db, mailoutbox, delivered):
    with delivered():
        response = client.post(SIGN_UP, sign_up_data(password1="12345678", password2="12345678"))
        mismatch = client.post(SIGN_UP, sign_up_data(password2="Autre-Chose-99"))

    assert response.status_code == mismatch.status_code == 200
    assert "Ce mot de passe est entièrement numérique." in text(response)
    assert "Les deux mots de passe ne sont pas identiques." in text(mismatch)
    assert not Candidate.objects.exists()
    assert mailoutbox == []


def test_an_impossible_birth_date_is_refused_in_french(client, db):
    response = client.post(SIGN_UP, sign_up_data(birth_date="2099-01-01"))
    assert "Cette date de naissance n'est pas plausible." in text(response)


def test_same_identity_creates_nothing_and_mails_the_existing_account(
    client, db, mailoutbox, delivered
):
    existing = CandidateFactory(
        birth_name="Dupont Lefevre",
        first_names="Eloise  Marie",
        birth_date=datetime.date(1994, 7, 21),
    )

    with delivered():
        response = client.post(
            SIGN_UP,
            sign_up_data(
                birth_name="DUPONT-LEFÈVRE", first_names="éloïse marie", email="autre@example.org"
            ),
        )

    assert (response.status_code, response.url) == (302, DONE)
    assert Candidate.objects.get() == existing
    [mail] = mailoutbox
    assert mail.to == [existing.email]
    assert existing.display_nuc in mail.body
    assert any("/reinitialiser/" in url for url in links_in(mail))


def test_sign_up_does_not_reveal_whether_the_identity_has_an_account(
    client, db, mailoutbox, delivered
):
    CandidateFactory(birth_name="Martin", first_names="Paul", birth_date=datetime.date(1980, 1, 2))
    known = sign_up_data(birth_name="Martin", first_names="Paul", birth_date="1980-01-02")
    unknown = sign_up_data(birth_name="Durand", first_names="Paul", birth_date="1980-01-02")

    with delivered():
        answers = [client.post(SIGN_UP, data) for data in (known, unknown)]
    pages = [client.get(answer.url) for answer in answers]

    assert [(a.status_code, a.url) for a in answers] == [(302, DONE)] * 2
    assert answers[0].cookies.keys() == answers[1].cookies.keys()
    assert text(pages[0]) == text(pages[1])
    # Nobody is logged in by the sign-up itself, so the pages that follow are alike too.
    assert "_auth_user_id" not in client.session
    # The typed address hears from us only when it is the account's own.
    assert [mail.to for mail in mailoutbox] == [
        [Candidate.objects.get(birth_name="Martin").email],
        ["eloise@example.org"],
    ]


def test_two_people_may_share_an_address(client, db, mailoutbox):
    CandidateFactory(email="famille@example.org")

    client.post(SIGN_UP, sign_up_data(email="famille@example.org"))

    assert Candidate.objects.filter(email="famille@example.org").count() == 2


def test_a_signed_in_visitor_is_sent_to_their_requests(client, candidate):
    client.force_login(candidate.user)
    response = client.get(SIGN_UP)
    assert (response.status_code, response.url) == (302, reverse("registrations:mine"))
