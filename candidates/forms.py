from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from candidates.nuc import NEW_NUC, is_valid_new_nuc, normalise_nuc


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
