"""« NUC oublié » and « Mot de passe oublié » by NUC: the NUC or the link by mail when the data
match, and the same answer either way."""

import datetime

import pytest
from django.urls import reverse

from tests.candidates.helpers import links_in, path_of, text, without_password
from tests.factories import CandidateFactory, StaffFactory

NUC_FORGOTTEN = reverse("candidates:nuc_forgotten")
NUC_DONE = reverse("candidates:nuc_forgotten_done")
RESET_BY_NUC = reverse("candidates:password_reset_by_nuc")
RESET_DONE = reverse("candidates:password_reset_done")
RESET_BY_NUC_DONE = RESET_DONE + "?par=nuc"


@pytest.fixture
def eloise(db):
    return CandidateFactory(
        birth_name="Dupont-Lefèvre",
        first_names="Éloïse",
        birth_date=datetime.date(1994, 7, 21),
        email="Eloise@Example.org",
    )


def recovery(**overrides) -> dict:
    data = {
        "birth_name": "dupont lefevre",
        "first_names": "ELOISE",
        "birth_date": "21/07/1994",
        "email": "eloise@example.org",
    }
    return {**data, **overrides}


def test_the_nuc_is_mailed_when_identity_and_address_match(client, eloise, mailoutbox, delivered):
    with delivered():
        response = client.post(NUC_FORGOTTEN, recovery())

    assert (response.status_code, response.url) == (302, NUC_DONE)
    [mail] = mailoutbox
    assert mail.to == [eloise.email]
    assert eloise.display_nuc in mail.body
    assert eloise.display_nuc in mail.alternatives[0][0]


@pytest.mark.parametrize(
    "overrides",
    [
        {"email": "someone.else@example.org"},
        {"birth_name": "Durand"},
        {"birth_date": "22/07/1994"},
    ],
    ids=["other address", "unknown identity", "other birth date"],
)
def test_nuc_recovery_answers_the_same_when_nothing_matches(
    client, eloise, mailoutbox, delivered, overrides
):
    with delivered():
        matching = client.post(NUC_FORGOTTEN, recovery())
        not_matching = client.post(NUC_FORGOTTEN, recovery(**overrides))

    assert (matching.status_code, matching.url) == (not_matching.status_code, not_matching.url)
    assert matching.cookies.keys() == not_matching.cookies.keys()
    assert len(mailoutbox) == 1  # only the matching request mailed, and only to the account


def test_nuc_recovery_form_errors_are_french(client, db):
    response = client.post(NUC_FORGOTTEN, recovery(birth_date="hier", email="pas une adresse"))
    assert response.status_code == 200
    assert "Saisissez une date valide" in text(response)


def test_password_reset_by_nuc_mails_a_working_link(client, eloise, mailoutbox, delivered):
    with delivered():
        response = client.post(RESET_BY_NUC, {"nuc": eloise.display_nuc.replace(" ", "-")})

    assert (response.status_code, response.url) == (302, RESET_BY_NUC_DONE)
    page = client.get(response.url).content.decode()
    # It said « Si un compte correspond à cette adresse » to someone who typed a NUC.
    assert "Si ce NUC correspond à un compte" in page
    assert "cette adresse" not in page
    [mail] = mailoutbox
    assert mail.to == [eloise.email]
    [link] = [url for url in links_in(mail) if "/reinitialiser/" in url]
    form = client.get(path_of(link), follow=True)
    new_password = {"new_password1": "Nouveau-Cheval-77", "new_password2": "Nouveau-Cheval-77"}
    done = client.post(form.redirect_chain[-1][0], new_password)
    assert done.status_code == 302
    eloise.user.refresh_from_db()
    assert eloise.user.check_password("Nouveau-Cheval-77")


def test_an_imported_candidate_without_password_gets_a_link_by_nuc(
    client, db, mailoutbox, delivered
):
    imported = CandidateFactory(nuc="A20190042")
    without_password(imported.user)

    with delivered():
        client.post(RESET_BY_NUC, {"nuc": "a-2019-0042"})

    assert [mail.to for mail in mailoutbox] == [[imported.email]]


def test_password_reset_by_nuc_answers_the_same_for_an_unknown_nuc(
    client, eloise, mailoutbox, delivered
):
    with delivered():
        known = client.post(RESET_BY_NUC, {"nuc": eloise.nuc})
        unknown = client.post(RESET_BY_NUC, {"nuc": "ZZ-UNKNOWN"})

    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert len(mailoutbox) == 1


def test_a_new_nuc_with_a_wrong_check_digit_is_refused_before_any_look_up(client, eloise):
    wrong = eloise.nuc[:-1] + str((int(eloise.nuc[-1]) + 1) % 10)
    response = client.post(RESET_BY_NUC, {"nuc": wrong})
    assert "Ce NUC n'est pas valide : vérifiez-le." in text(response)


def test_an_imported_candidate_chooses_a_first_password_through_the_link_by_email(
    client, db, mailoutbox, delivered
):
    imported = CandidateFactory(nuc="A20190043", email="Imported@Example.org")
    without_password(imported.user)

    with delivered():
        response = client.post(reverse("candidates:password_reset"), {"email": imported.email})

    assert (response.status_code, response.url) == (302, RESET_DONE)
    [mail] = mailoutbox
    assert mail.to == [imported.email]
    [link] = [url for url in links_in(mail) if "/reinitialiser/" in url]
    form = client.get(path_of(link), follow=True)
    new_password = {"new_password1": "Premier-Cheval-31", "new_password2": "Premier-Cheval-31"}
    assert client.post(form.redirect_chain[-1][0], new_password).status_code == 302
    imported.user.refresh_from_db()
    assert imported.user.check_password("Premier-Cheval-31")


def test_the_link_by_email_skips_inactive_candidates_and_staff_without_password(
    client, db, mailoutbox, delivered
):
    CandidateFactory(email="closed@example.org", user__is_active=False)
    without_password(StaffFactory(email="agent@example.org"))

    with delivered():
        for address in ("closed@example.org", "agent@example.org"):
            response = client.post(reverse("candidates:password_reset"), {"email": address})
            assert (response.status_code, response.url) == (302, RESET_DONE)

    assert mailoutbox == []
