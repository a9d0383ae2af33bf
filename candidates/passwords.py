"""What makes a password acceptable, in one place: the validators named in
AUTH_PASSWORD_VALIDATORS and the rule shown under every new-password field.

zxcvbn estimates how many guesses a password takes, but its dictionaries are English: it knows
neither « soleil123 » nor « Papeete2026 », nor the person's own name, NUC or birth date. The
validator below tells it those, so a password made of them scores as what it is.
"""

import datetime
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_zxcvbn_password_validator import ZxcvbnPasswordValidator

# French passwords attackers try first (the French top lists), and our own names and places.
FRENCH_WORDS = (
    "azerty",
    "motdepasse",
    "soleil",
    "doudou",
    "loulou",
    "chouchou",
    "jetaime",
    "bonjour",
    "coucou",
    "nounours",
    "doudoune",
    "princesse",
    "chocolat",
    "marseille",
    "certifup",
    "uppctsc",
    "comptable",
    "comptabilite",
    "candidat",
    "papeete",
    "tahiti",
    "polynesie",
    "noumea",
)

# zxcvbn's own default ceiling (it raises beyond it).
ZXCVBN_MAX_LENGTH = 72

# The forms people type a birth date in: 12041990, 12/04/1990, 120490, 19900412, 1990…
_DATE_FORMS = ("%d%m%Y", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d%m%y", "%Y%m%d", "%Y-%m-%d")
_WORD_SEPARATORS = re.compile(r"[^\w]+|_")

PASSWORD_HELP_TEXT = gettext_lazy(
    "Choisissez une phrase de passe facile à retenir pour vous et difficile à deviner : "
    "par exemple quatre mots sans lien entre eux (« lune verte escargot piano »). "
    "Sont refusés les mots de passe courants (azerty, soleil123, jetaime1…) et ceux qui "
    "reprennent votre nom, votre prénom, votre date de naissance, votre NUC, votre ville ou "
    "votre adresse e-mail. Entre 8 et %(max)s caractères ; les espaces sont permis."
)


def password_help_text() -> str:
    return PASSWORD_HELP_TEXT % {"max": settings.PASSWORD_MAX_LENGTH}


def person_words(user) -> list[str]:
    """The person's own data as zxcvbn's user inputs: names and e-mail split into words (with
    and without accents), the NUC, the city, and the birth date in the forms people type it.
    ``user`` may be unsaved (sign-up), with an unsaved ``candidate`` attached to it."""
    if user is None:
        return []
    texts = [user.username, user.first_name, user.last_name, _local_part(user.email)]
    dates: list[datetime.date] = []
    candidate = getattr(user, "candidate", None)
    if candidate is not None:
        texts += [candidate.nuc, candidate.birth_name, candidate.usage_name]
        texts += [candidate.first_names, candidate.city, _local_part(candidate.email)]
        dates += [candidate.birth_date] if candidate.birth_date else []
    words = {word for text in texts if text for word in _words(text)}
    words |= {date.strftime(pattern) for date in dates for pattern in _DATE_FORMS}
    return sorted(words)


def _local_part(email: str) -> str:
    return (email or "").rpartition("@")[0]


def _words(text: str) -> set[str]:
    lowered = text.lower()
    plain = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    words = {lowered, plain, lowered.replace(" ", ""), plain.replace(" ", "")}
    words |= set(_WORD_SEPARATORS.split(lowered)) | set(_WORD_SEPARATORS.split(plain))
    # Two letters match far too much (« de », « le »): a name that short is no help.
    return {word for word in words if len(word) >= 3}


class PersonalZxcvbnValidator(ZxcvbnPasswordValidator):
    """zxcvbn (django-zxcvbn-password-validator, French messages), told French words and the
    person's own data; PASSWORD_MINIMAL_STRENGTH is the score to reach."""

    def _get_user_inputs(self, user) -> list[str]:
        return [*super()._get_user_inputs(user), *FRENCH_WORDS, *person_words(user)]

    def validate(self, password: str, user=None) -> None:
        if len(password) > settings.PASSWORD_MAX_LENGTH or not password.strip():
            return  # the validators below say why, in one message each
        # zxcvbn's time grows faster than the length (here 0.2 s at 72 characters, 0.7 s at
        # 128, on a public form): the first 72 characters of a passphrase say enough, and a
        # guessable start only makes the check stricter.
        super().validate(password[:ZXCVBN_MAX_LENGTH], user)

    def get_help_text(self) -> str:
        return password_help_text()


class MaximumLengthValidator:
    """A ceiling, so that hashing a megabyte of « password » cannot tie up a worker."""

    def validate(self, password: str, user=None) -> None:
        if len(password) > settings.PASSWORD_MAX_LENGTH:
            raise ValidationError(
                _("Votre mot de passe est trop long : %(max)s caractères au plus.")
                % {"max": settings.PASSWORD_MAX_LENGTH},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return ""


class NotBlankValidator:
    """Eight spaces are eight characters, and no password."""

    def validate(self, password: str, user=None) -> None:
        if password and not password.strip():
            raise ValidationError(
                _("Votre mot de passe ne peut pas être fait uniquement d'espaces."),
                code="password_blank",
            )

    def get_help_text(self) -> str:
        return ""
