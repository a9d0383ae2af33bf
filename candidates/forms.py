import datetime
from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate, User
from candidates.nuc import NEW_NUC, is_valid_new_nuc, normalise_nuc
from candidates.passwords import password_help_text


class NucAuthenticationForm(AuthenticationForm):
    """« Se connecter » with the NUC, typed with or without spaces or dashes, in any case."""

    username = forms.CharField(
        label=_("NUC (Numéro Unique de Candidat)"),
        max_length=40,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("NUC ou mot de passe incorrect. Vérifiez-les et réessayez."),
        "inactive": _("Ce compte est désactivé."),
    }

    def clean_username(self) -> str:
        nuc = normalise_nuc(self.cleaned_data["username"])
        if NEW_NUC.match(nuc) and not is_valid_new_nuc(nuc):
            raise forms.ValidationError(_("Ce NUC n'est pas valide : vérifiez-le."))
        return nuc


def plausible_birth_date(birth_date: datetime.date) -> datetime.date:
    if birth_date >= timezone.localdate() or birth_date.year < 1900:
        raise forms.ValidationError(_("Cette date de naissance n'est pas plausible."))
    return birth_date


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Saisissez une date valide, par exemple 12/04/1990.")},
    )


class IdentityForm(forms.Form):
    """What identifies a person (DESIGN invariant 6): nom de naissance, prénom(s), naissance."""

    birth_name = forms.CharField(
        label=_("Nom de naissance"),
        max_length=150,
        help_text=_("Exactement comme sur votre pièce d'identité."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    first_names = forms.CharField(
        label=_("Prénom(s)"),
        max_length=150,
        help_text=_("Tous vos prénoms, dans l'ordre de votre pièce d'identité."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    birth_date = _date_field(_("Date de naissance"))

    def clean_birth_date(self) -> datetime.date:
        return plausible_birth_date(self.cleaned_data["birth_date"])


class SignUpForm(IdentityForm):
    """« Créer mon compte candidat ». Nothing here looks at the database: the same input gets
    the same errors whether or not the person already has an account."""

    usage_name = forms.CharField(
        label=_("Nom d'usage"),
        max_length=150,
        required=False,
        help_text=_("Laissez vide si vous n'avez pas de nom d'usage."),
    )
    email = forms.EmailField(
        label=_("Adresse e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=lazy(password_help_text, str)(),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["birth_name", "usage_name", "first_names", "birth_date", "email", "phone"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() returned (its stub allows None)
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif password1:
            try:
                password_validation.validate_password(password1, user=self._person(cleaned))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    @staticmethod
    def _person(cleaned: dict[str, Any]) -> User:
        """The account is created only after validation: the validators get an unsaved user
        and candidate with what was typed, so the password is compared with the person's own
        names, e-mail and birth date (candidates.passwords.person_words)."""
        someone = User(
            first_name=cleaned.get("first_names", ""),
            last_name=cleaned.get("birth_name", ""),
            email=cleaned.get("email", ""),
        )
        Candidate(
            user=someone,  # also caches someone.candidate, without a query
            birth_name=cleaned.get("birth_name", ""),
            usage_name=cleaned.get("usage_name", ""),
            first_names=cleaned.get("first_names", ""),
            # None when the typed date was invalid: never saved, and person_words skips it.
            birth_date=cleaned.get("birth_date"),  # type: ignore[misc]
            email=cleaned.get("email", ""),
        )
        return someone


class NucRecoveryForm(IdentityForm):
    """« NUC oublié » : the identity and the account's address."""

    email = forms.EmailField(
        label=_("Adresse e-mail de votre compte"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class NucPasswordResetForm(forms.Form):
    """« Mot de passe oublié » with the NUC instead of the address."""

    nuc = forms.CharField(
        label=_("NUC (Numéro Unique de Candidat)"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )

    def clean_nuc(self) -> str:
        nuc = normalise_nuc(self.cleaned_data["nuc"])
        if NEW_NUC.match(nuc) and not is_valid_new_nuc(nuc):
            raise forms.ValidationError(_("Ce NUC n'est pas valide : vérifiez-le."))
        return nuc


class _ShowsPasswordRule:
    """Django's new-password field lists every validator's help text as an HTML list (inside
    our <p class="help">, where browsers break it apart): ours says the rule in one sentence,
    which the input names with aria-describedby."""

    fields: dict[str, forms.Field]  # the form's, which this mixin comes before

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_help_text()


class NewPasswordForm(_ShowsPasswordRule, SetPasswordForm):
    """« Nouveau mot de passe » from a reset link."""


class NewPasswordChangeForm(_ShowsPasswordRule, PasswordChangeForm):
    """« Changer mon mot de passe ». The current password is checked like a login, through
    authenticate() with the request: django-axes counts a wrong one on the account's counters,
    and once they are full refuses even the right one, so a borrowed session cannot be used to
    guess it."""

    def __init__(self, user, *args, request: HttpRequest, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password
