"""Back-office forms. They only check and shape input; every change goes through a service."""

import datetime
from decimal import Decimal
from typing import cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from candidates.models import Candidate
from candidates.services import CORRECTABLE_FIELDS
from centres.models import Centre, Exam, Session, Software
from payments.models import Method
from registrations.models import Status

PAID_METHOD_CHOICES = [
    (value, label) for value, label in Method.choices if value != Method.TRAINING
]


class StaffLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Identifiant ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Identifiant"
        self.fields["password"].label = "Mot de passe"


class RequestFilterForm(forms.Form):
    """Sent by GET: every filtered list is a plain link."""

    session = forms.ModelChoiceField(
        label="Session", queryset=Session.objects.none(), required=False, empty_label="Toutes"
    )
    statut = forms.ChoiceField(label="Statut", required=False)
    epreuve = forms.ModelChoiceField(
        label="Épreuve",
        queryset=Exam.objects.all(),
        to_field_name="code",
        required=False,
        empty_label="Toutes",
    )
    q = forms.CharField(label="Rechercher (NUC, nom, prénom)", required=False, max_length=100)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        # The fields declared above, as their classes (self.fields holds deep copies).
        cast(forms.ModelChoiceField, self.fields["session"]).queryset = sessions
        cast(forms.ChoiceField, self.fields["statut"]).choices = [("", "Tous"), *Status.choices]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif."},
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label="Montant reçu (€)",
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        localize=True,  # « 100,00 » as staff type it
    )
    method = forms.ChoiceField(label="Mode de règlement", choices=PAID_METHOD_CHOICES)
    received_on = forms.DateField(
        label="Reçu le", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reference = forms.CharField(
        label="Référence (n° de chèque, de virement…)", max_length=100, required=False
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_received_on(self) -> datetime.date:
        received_on = self.cleaned_data["received_on"]
        if received_on > self.today:
            raise forms.ValidationError("La date de réception ne peut pas être dans le futur.")
        return received_on


class FinancingForm(forms.Form):
    training_body = forms.CharField(label="Organisme de formation", max_length=200)


class CorrectionForm(forms.ModelForm):
    """Identity and contact fields, as staff correct them; the reason goes to the trail."""

    reason = forms.CharField(label="Motif de la correction", max_length=500, required=False)

    class Meta:
        model = Candidate
        fields = CORRECTABLE_FIELDS
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in CORRECTABLE_FIELDS}


class OfferForm(forms.Form):
    capacity = forms.IntegerField(label="Nombre de places", min_value=0, max_value=10_000)
    software = forms.ModelMultipleChoiceField(
        label="Logiciel(s) imposé(s)",
        queryset=Software.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un logiciel imposé."},
    )


class CorrectionRejectForm(forms.Form):
    note = forms.CharField(
        label="Motif du rejet (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Le motif ne doit pas dépasser 2000 caractères."},
    )


class ClosureForm(forms.Form):
    """A closure of one of the staff member's centres; the service checks the dates."""

    centre = forms.ModelChoiceField(label="Centre", queryset=Centre.objects.none())
    first_day = forms.DateField(
        label="Premier jour de fermeture",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    last_day = forms.DateField(
        label="Dernier jour de fermeture (inclus)",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label="Motif",
        max_length=200,
        help_text="ex. « Fermeture de fin d'année », « Pont de l'Ascension ».",
        error_messages={"required": "Indiquez le motif de la fermeture."},
    )

    def __init__(self, *args, centres: list[Centre], **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["centre"])
        field.queryset = Centre.objects.filter(pk__in=[centre.pk for centre in centres])
        if len(centres) == 1:
            field.initial = centres[0].pk
            field.empty_label = None
