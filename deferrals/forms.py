from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from certifup.errors import DomainError
from deferrals.files import justification_inspect
from deferrals.models import Reason


class DeferralRequestForm(forms.Form):
    """« Demander un report » : one of the seed's two reasons, one file, a comment."""

    reason = forms.ChoiceField(
        label=_("Motif de votre absence"),
        choices=Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez le motif de votre absence."),
            "invalid_choice": _("Choisissez l'un des deux motifs admis."),
        },
    )
    justification = forms.FileField(
        label=_("Justificatif"),
        help_text=_(
            "Certificat médical, ou attestation de l'entreprise indiquant pour quel motif elle "
            "ne peut vous libérer. Un seul fichier PDF, JPEG ou PNG, de 5 Mo au plus."
        ),
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
        error_messages={
            "required": _("Joignez votre justificatif (PDF, JPEG ou PNG, 5 Mo au plus)."),
            "empty": _("Le fichier envoyé est vide : joignez votre justificatif."),
            "invalid": _("Aucun fichier n'a été reçu : joignez à nouveau votre justificatif."),
        },
    )
    comment = forms.CharField(
        label=_("Commentaire (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": _("Votre commentaire dépasse 2 000 caractères.")},
    )

    def clean_justification(self):
        upload = self.cleaned_data["justification"]
        try:
            justification_inspect(upload)
        except DomainError as error:
            raise ValidationError(error.message) from error
        return upload

    def link_errors(self) -> None:
        """Screen readers announce the error with the field it belongs to."""
        for name in self.errors:
            if name not in self.fields:
                continue
            ids = [f"id_{name}_error"]
            if self.fields[name].help_text:
                ids.append(f"id_{name}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)
