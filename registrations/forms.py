import datetime
from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import CONTACT_FIELDS, IDENTITY_FIELDS, Candidate
from candidates.profile_forms import IDENTITY_AND_CONTACT_WIDGETS, OptionalUsageNameMixin
from centres.models import Department, Exam, Software
from registrations.eligibility import clash_refusal
from registrations.invariants import Standing
from registrations.models import RegistrationExam


class ExamChoiceWidget(forms.CheckboxSelectMultiple):
    """The exams' checkboxes; one already in an active request (invariant 2) is disabled and
    carries its line (``taken``), so the page says which request holds it before any click."""

    def __init__(self, *args, taken: Mapping[str, RegistrationExam], **kwargs):
        super().__init__(*args, **kwargs)
        self.taken = taken

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        line = self.taken.get(str(value))
        option["taken"] = line
        if line is not None:
            option["selected"] = False
            option["attrs"].pop("checked", None)
            option["attrs"]["disabled"] = True
            option["attrs"]["aria-describedby"] = f"{option['attrs']['id']}-en-cours"
        return option


class SearchForm(forms.Form):
    """Steps 4 and 5 of the seed: the exams, then the département. Sent by GET, so every step
    of the search is a plain link that works without JavaScript and survives « Retour »."""

    examens = forms.ModelMultipleChoiceField(
        label=_("Épreuves que vous souhaitez passer"),
        queryset=Exam.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Cochez au moins une épreuve."),
            "invalid_choice": _("L'épreuve « %(value)s » n'existe pas."),
            "invalid_pk_value": _("L'épreuve « %(pk)s » n'existe pas."),
        },
    )
    departement = forms.ModelChoiceField(
        label=_("Département où vous souhaitez passer vos épreuves"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("— Tous les départements —"),
        error_messages={"invalid_choice": _("Choisissez un département de la liste.")},
    )
    logiciel = forms.ModelChoiceField(
        label=_("Je connais ce logiciel"),
        queryset=Software.objects.all(),
        required=False,
        empty_label=_("— Tous les logiciels —"),
        error_messages={"invalid_choice": _("Choisissez un logiciel de la liste.")},
    )

    def __init__(self, *args, exams, standing: Standing | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The field declared above (self.fields holds a deep copy of it).
        field = cast(forms.ModelMultipleChoiceField, self.fields["examens"])
        # The candidate's active requests in the session: their exams are shown disabled, and
        # refused if sent anyway (a page left open, a link from before the submit).
        self.standing = standing
        taken = {line.exam.code: line for line in standing.lines} if standing else {}
        field.widget = ExamChoiceWidget(taken=taken)
        field.queryset = exams  # after the widget: it hands the widget its choices

    def clean_examens(self) -> list[Exam]:
        exams = list(self.cleaned_data["examens"])
        standing = self.standing
        if standing is None or standing.centre is None:
            return exams
        # At the centre of the active requests: only invariant 2 can refuse at this step.
        clash = standing.clash(centre_id=standing.centre.pk, exam_ids=[e.pk for e in exams])
        if clash is not None:
            raise forms.ValidationError(clash_refusal(clash=clash))
        return exams


class DetailsForm(OptionalUsageNameMixin):
    """Step 7: « Complétez votre formulaire entièrement » — every field is required."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Candidate
        fields = (*IDENTITY_FIELDS, *CONTACT_FIELDS, "is_trainee", "training_body")
        widgets = IDENTITY_AND_CONTACT_WIDGETS
        help_texts = {
            "birth_name": _("Exactement comme sur votre pièce d'identité."),
            "first_names": _("Tous vos prénoms, dans l'ordre de votre pièce d'identité."),
        }

    def __init__(self, *args, identity_locked: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (*IDENTITY_FIELDS, *CONTACT_FIELDS):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _("Ce champ est obligatoire.")
        self._usage_name_optional()
        self.fields["training_body"].required = False
        self.fields["birth_date"].error_messages["invalid"] = _(
            "Saisissez une date valide, par exemple 12/04/1990."
        )
        # Made by the model's DateField: a forms.DateField.
        cast(forms.DateField, self.fields["birth_date"]).input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.identity_locked = identity_locked
        if identity_locked:
            # After a first submission, identity goes to certificates: only a centre corrects it.
            for name in IDENTITY_FIELDS:
                self.fields[name].disabled = True

    def clean_birth_date(self) -> datetime.date:
        birth_date = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if birth_date >= today or birth_date.year < 1900:
            raise forms.ValidationError(_("Cette date de naissance n'est pas plausible."))
        return birth_date

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data  # (its stub allows None)
        if cleaned.get("is_trainee") and not cleaned.get("training_body", "").strip():
            self.add_error(
                "training_body",
                _("Indiquez votre centre de formation, puisque vous êtes stagiaire."),
            )
        return cleaned


class NoCentreAlertForm(forms.Form):
    message = forms.CharField(
        label=_("Précisions pour l'UPPCTSC (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
