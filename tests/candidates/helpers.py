"""Small helpers shared by the account tests."""

import html
import re

LINK = re.compile(r"https?://\S+")


def text(response) -> str:
    """The page as a person reads it: entities such as &#x27; decoded."""
    return html.unescape(response.content.decode())


def links_in(message) -> list[str]:
    return LINK.findall(message.body)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def sign_up_data(**overrides) -> dict:
    data = {
        "birth_name": "Dupont-Lefèvre",
        "usage_name": "",
        "first_names": "Éloïse Marie",
        "birth_date": "1994-07-21",
        "email": "eloise@example.org",
        "phone": "06 12 34 56 78",
        "password1": "Cheval-Agrafe-42",
        "password2": "Cheval-Agrafe-42",
    }
    data.update(overrides)
    return data


def without_password(user):
    """As an import leaves an account. (``UserFactory(password=make_password(None))`` would not:
    the factory's Password declaration hashes whatever it is given, into a usable password.)"""
    user.set_unusable_password()
    user.save(update_fields=["password"])
    assert not user.has_usable_password()
    return user


def attempt(client, username, password, *, url="/connexion/", ip="192.0.2.1"):
    """One login form sent from ``ip``, as a browser behind that address would."""
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)
