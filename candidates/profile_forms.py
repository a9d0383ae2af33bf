"""« Ma fiche » : the candidate's own edits; « Signaler une erreur » once identity is locked."""

import datetime
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.forms import plausible_birth_date
from candidates.identity import usage_name_or_birth_name
from candidates.models import CONTACT_FIELDS, IDENTITY_FIELDS, Candidate

# Shared with the registration form, which asks the same fields. The address is one line of
# text: "street-address" is for a multi-line textarea (the HTML spec), so "address-line1".
IDENTITY_AND_CONTACT_WIDGETS = {
    "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "email": forms.EmailInput(attrs={"autocomplete": "email"}),
    "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    "address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
    "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"}),
    "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
}


USAGE_NAME_HELP = _("Laissez vide si vous n'avez pas de nom d'usage.")


class OptionalUsageNameMixin(forms.ModelForm):
    """« Nom d'usage » is optional at sign-up: so it is on « Ma fiche » and the request form
    (no required mark), left empty it is the birth name."""

    def _usage_name_optional(self) -> None:
        field = self.fields["usage_name"]
        field.required = False
        field.help_text = USAGE_NAME_HELP

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if "usage_name" in cleaned and cleaned.get("birth_name"):
            cleaned["usage_name"] = usage_name_or_birth_name(
                usage_name=cleaned["usage_name"] or "", birth_name=cleaned["birth_name"]
            )
        return cleaned


class ProfileForm(OptionalUsageNameMixin):
    """Identity until the first request (then disabled: the form ignores what is posted for
    it), contact always. A new address must be verified again."""

    class Meta:
        model = Candidate
        fields = (*IDENTITY_FIELDS, *CONTACT_FIELDS)
        widgets = IDENTITY_AND_CONTACT_WIDGETS

    def __init__(self, *args, identity_locked: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.identity_locked = identity_locked
        # Made by the model's DateField: a forms.DateField.
        cast(forms.DateField, self.fields["birth_date"]).input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["birth_date"].error_messages["invalid"] = _(
            "Saisissez une date valide, par exemple 12/04/1990."
        )
        for name in IDENTITY_FIELDS:
            self.fields[name].disabled = identity_locked
        self._usage_name_optional()

    def clean_birth_date(self) -> datetime.date:
        return plausible_birth_date(self.cleaned_data["birth_date"])


class CorrectionRequestForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Donnée erronée"),
        choices=[(name, Candidate.own_field(name).verbose_name) for name in IDENTITY_FIELDS],
    )
    proposed_value = forms.CharField(
        label=_("Valeur correcte"),
        max_length=150,
        help_text=_("Exactement comme sur votre pièce d'identité ; une date : 12/04/1990."),
    )
    comment = forms.CharField(
        label=_("Commentaire (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() returned (its stub allows None)
        if cleaned.get("field") == "birth_date" and cleaned.get("proposed_value"):
            cleaned["proposed_value"] = self._birth_date(cleaned["proposed_value"])
        return cleaned

    def _birth_date(self, value: str) -> str:
        for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                parsed = datetime.datetime.strptime(value.strip(), pattern).date()  # noqa: DTZ007
            except ValueError:
                continue
            try:
                return plausible_birth_date(parsed).isoformat()
            except forms.ValidationError as error:
                self.add_error("proposed_value", error)
                return value
        self.add_error("proposed_value", _("Saisissez une date valide, par exemple 12/04/1990."))
        return value
