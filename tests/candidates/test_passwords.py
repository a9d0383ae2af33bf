"""Passwords: French favourites and the person's own data are refused, in French, on sign-up,
reset and change; a passphrase is accepted; the rule is shown under the field before typing."""

import datetime
import re

import pytest
from django.urls import reverse

from candidates.mails import password_reset_url
from candidates.models import Candidate
from tests.candidates.helpers import path_of, sign_up_data, text
from tests.factories import PASSWORD, CandidateFactory

SIGN_UP = reverse("candidates:sign_up")
CHANGE = reverse("candidates:password_change")
GUESSABLE = "Votre mot de passe est trop facile à deviner"
BLANK = "Votre mot de passe ne peut pas être fait uniquement d'espaces."
TOO_LONG = "Votre mot de passe est trop long : 128 caractères au plus."
RULE = "Choisissez une phrase de passe facile à retenir pour vous et difficile à deviner"

REFUSED = {
    " " * 8: BLANK,
    "soleil123": GUESSABLE,
    "doudou123": GUESSABLE,
    "loulou12": GUESSABLE,
    "jetaime1": GUESSABLE,
    "Papeete2026": GUESSABLE,
    "Certifup2026": GUESSABLE,
    "Azerty123!": GUESSABLE,
    "Cheval-Agrafe-42" * 625: TOO_LONG,  # 10,000 characters
}


def _sign_up(client, password: str, **identity):
    return client.post(SIGN_UP, sign_up_data(password1=password, password2=password, **identity))


@pytest.mark.parametrize("password", REFUSED, ids=lambda p: p[:16].strip() or "spaces")
def test_a_guessable_password_is_refused_on_sign_up_in_french(client, db, password):
    response = _sign_up(client, password)
    assert response.status_code == 200
    assert REFUSED[password] in text(response)
    assert not Candidate.objects.exists()


LONG_PASSPHRASE = (
    "Le vieux phare de Teahupoo guide encore les pirogues au retour du soir, même sans lune"
)


@pytest.mark.parametrize("passphrase", ["lune verte escargot piano", LONG_PASSPHRASE])
def test_a_passphrase_is_accepted(client, db, passphrase):
    assert len(LONG_PASSPHRASE) in range(73, 129)  # beyond zxcvbn's 72, within our ceiling
    response = _sign_up(client, passphrase)
    assert response.status_code == 302
    assert Candidate.objects.get().user.check_password(passphrase)


def test_the_persons_own_name_and_birth_date_are_refused_on_sign_up(client, db):
    # zxcvbn alone scores « Tuheiava23071991 » 4 of 4: it does not know the name nor the date.
    identity = {"birth_name": "Tuheiava", "first_names": "Moana", "birth_date": "1991-07-23"}
    response = _sign_up(client, "Tuheiava23071991", **identity)
    assert response.status_code == 200
    assert GUESSABLE in text(response)
    assert not Candidate.objects.exists()


@pytest.fixture
def moana(db):
    return CandidateFactory(
        birth_name="Tuheiava",
        first_names="Moana",
        birth_date=datetime.date(1991, 7, 23),
        city="Punaauia",
        email="moana.t@example.org",
    )


def test_the_city_and_nuc_are_refused_on_password_change(client, moana):
    client.force_login(moana.user)
    weak = f"Punaauia{moana.nuc}"
    data = {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak}
    response = client.post(CHANGE, data)
    assert response.status_code == 200
    assert GUESSABLE in text(response)
    moana.user.refresh_from_db()
    assert moana.user.check_password(PASSWORD)


def _reset_form(client, candidate) -> str:
    return client.get(path_of(password_reset_url(candidate.user)), follow=True).redirect_chain[-1][
        0
    ]


def test_the_first_name_and_short_birth_date_are_refused_on_reset(client, moana):
    url = _reset_form(client, moana)
    response = client.post(url, {"new_password1": "Moana230791", "new_password2": "Moana230791"})
    assert response.status_code == 200
    assert GUESSABLE in text(response)
    accepted = client.post(
        url, {"new_password1": "Rivière-Ombre-64", "new_password2": "Rivière-Ombre-64"}
    )
    assert accepted.status_code == 302


def _described_rule(page: str, field: str) -> None:
    described = re.search(rf'<input[^>]*name="{field}"[^>]*>', page).group(0)
    assert f'aria-describedby="id_{field}_helptext"' in described
    helptext = re.search(rf'<div class="help" id="id_{field}_helptext">([^<]*)</div>', page)
    assert helptext and RULE in helptext.group(1) and "128 caractères" in helptext.group(1)


def test_the_rule_is_shown_under_each_new_password_field(client, moana):
    _described_rule(text(client.get(SIGN_UP)), "password1")
    _described_rule(text(client.get(_reset_form(client, moana))), "new_password1")
    client.force_login(moana.user)
    _described_rule(text(client.get(CHANGE)), "new_password1")
