import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.nuc import format_nuc
from certifup.choices import ChoiceLabels


class User(AbstractUser):
    """Everybody who signs in. A candidate's username is their NUC; staff have their own."""

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")


# Who the person is: printed on certificates and sent to the Caisse des Dépôts, so locked once a
# request is made (DESIGN, RGPD); only a centre or UPPCTSC corrects it, with a trail.
IDENTITY_FIELDS = ("birth_name", "usage_name", "first_names", "birth_date")
# How to reach the person: theirs to change at any time.
CONTACT_FIELDS = ("email", "phone", "address", "postal_code", "city")
TRAINING_FIELDS = ("is_trainee", "training_body")


def done_iff_not_pending(*, name: str, state: str, done_at: str) -> models.CheckConstraint:
    """A row that leaves « pending » says when, and only such a row does."""
    return models.CheckConstraint(
        name=name,
        condition=(
            models.Q(**{state: "pending", f"{done_at}__isnull": True})
            | (~models.Q(**{state: "pending"}) & models.Q(**{f"{done_at}__isnull": False}))
        ),
    )


class Candidate(models.Model):
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="candidate", verbose_name=_("compte")
    )
    nuc = models.CharField(_("NUC"), max_length=32, unique=True)
    birth_name = models.CharField(_("nom de naissance"), max_length=150)
    usage_name = models.CharField(_("nom d'usage"), max_length=150)
    first_names = models.CharField(_("prénom(s)"), max_length=150)
    birth_date = models.DateField(_("date de naissance"))
    # Invariant 6 of DESIGN.md: the database refuses a second account for the same person.
    identity_key = models.CharField(
        _("clé d'identité"), max_length=400, unique=True, editable=False
    )
    email = models.EmailField(_("adresse e-mail"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    is_trainee = models.BooleanField(_("stagiaire en centre de formation"), default=False)
    training_body = models.CharField(_("organisme de formation"), max_length=200, blank=True)
    email_verified_at = models.DateTimeField(_("e-mail vérifié le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("candidat")
        verbose_name_plural = _("candidats")
        ordering = ["birth_name", "first_names"]

    def __str__(self) -> str:
        return f"{self.birth_name.upper()} {self.first_names} ({self.display_nuc})"

    @property
    def display_nuc(self) -> str:
        return format_nuc(self.nuc)

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.usage_name or self.birth_name}"

    @property
    def has_complete_contact(self) -> bool:
        return all((self.email, self.phone, self.address, self.postal_code, self.city))

    @classmethod
    def own_field(cls, name: str) -> models.Field:
        """One of the candidate's own fields, for its label. get_field() also answers the
        reverse relations, which have none: no caller names one, so refuse rather than guess."""
        field = cls._meta.get_field(name)
        if not isinstance(field, models.Field):
            raise LookupError(f"Candidate.{name} is a relation, not a field of its own.")
        return field


class NucSequence(models.Model):
    """One row per year of creation; locked while a NUC is allocated, so there are no gaps."""

    year = models.PositiveSmallIntegerField(_("année"), primary_key=True)
    last_value = models.PositiveIntegerField(_("dernier numéro attribué"), default=0)

    class Meta:
        verbose_name = _("séquence de NUC")
        verbose_name_plural = _("séquences de NUC")

    def __str__(self) -> str:
        return f"NUC {self.year:02d} : {self.last_value}"


class CandidateCorrection(models.Model):
    """The trail of identity and contact corrections: who changed which field, from what to
    what, and when. Identity fields end up on certificates and at the Caisse des Dépôts, so
    every change made by a centre or UPPCTSC is kept, never edited nor deleted.

    A small model rather than django-simple-history: we need a per-field old/new value with
    the actor, readable by centre staff, and nothing else of a full history."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("candidat")
    )
    field = models.CharField(_("champ"), max_length=50)
    old_value = models.TextField(_("ancienne valeur"), blank=True)
    new_value = models.TextField(_("nouvelle valeur"), blank=True)
    reason = models.TextField(_("motif"), blank=True)
    corrected_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("corrigé par")
    )
    corrected_at = models.DateTimeField(_("corrigé le"))

    class Meta:
        verbose_name = _("correction de données")
        verbose_name_plural = _("corrections de données")
        ordering = ["-corrected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.candidate.nuc} – {self.field}"

    @property
    def field_label(self) -> str:
        return str(Candidate.own_field(self.field).verbose_name)


class CorrectionRequest(ChoiceLabels):
    """« Signaler une erreur » : once identity is locked (after a first request), the candidate
    asks their centre, or UPPCTSC when they have no active request, to correct one field.
    Applying it goes through ``candidate_correct``, which writes the trail."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        APPLIED = "applied", _("appliquée")
        REJECTED = "rejected", _("rejetée")

    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        related_name="correction_requests",
        verbose_name=_("candidat"),
    )
    field = models.CharField(_("champ"), max_length=50)
    proposed_value = models.CharField(_("valeur proposée"), max_length=150)
    comment = models.TextField(_("commentaire"), blank=True)
    # Null: no active request, so UPPCTSC handles it in /admin/.
    centre = models.ForeignKey(
        "centres.Centre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction_requests",
        verbose_name=_("centre"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("demandée le"))
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traitée par"),
    )
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    decision_note = models.TextField(_("motif de la décision"), blank=True)
    # Not columns: both values as staff read them, set by the back-office (with_values).
    current_display: str
    proposed_display: str

    class Meta:
        verbose_name = _("demande de correction")
        verbose_name_plural = _("demandes de correction")
        ordering = ["-created_at", "-pk"]
        constraints = [
            done_iff_not_pending(
                name="correction_request_decided_iff_not_pending",
                state="status",
                done_at="decided_at",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate.nuc} – {self.field_label}"

    @property
    def field_label(self) -> str:
        return str(Candidate.own_field(self.field).verbose_name)

    @property
    def current_text(self) -> str:
        """The candidate's value today, as people read it (a date « 12/04/1990 »)."""
        return _value_text(getattr(self.candidate, self.field))

    @property
    def proposed_text(self) -> str:
        """The proposed value as people read it; a birth date is stored as typed, in ISO form."""
        if self.field != "birth_date":
            return self.proposed_value
        try:
            return _value_text(datetime.date.fromisoformat(self.proposed_value))
        except ValueError:
            return self.proposed_value


def _value_text(value: object) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class RecoveryDemand(ChoiceLabels):
    """One « Mot de passe oublié » or « NUC oublié » demand. The page only records it (the same
    work whether or not an account matches, so its time tells nothing); the worker looks the
    account up and queues the mail (``candidates.recovery``).

    What was typed is kept only until the worker has used it. The client address and the
    address mailed are kept as keyed hashes: enough to count demands and mails over the
    window, not to read either back. Rows are purged after ``RECOVERY_DEMAND_RETENTION_HOURS``.
    """

    class Kind(models.TextChoices):
        PASSWORD_BY_EMAIL = "password_by_email", _("mot de passe oublié (adresse e-mail)")
        PASSWORD_BY_NUC = "password_by_nuc", _("mot de passe oublié (NUC)")
        NUC_FORGOTTEN = "nuc_forgotten", _("NUC oublié")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("en attente")
        MAILED = "mailed", _("envoyée")
        NO_MATCH = "no_match", _("aucun compte")
        LIMITED = "limited", _("limite atteinte")

    kind = models.CharField(_("formulaire"), max_length=20, choices=Kind.choices)
    typed = models.JSONField(_("saisie"), default=dict, blank=True)
    client_digest = models.CharField(_("adresse du client (empreinte)"), max_length=64)
    target_digest = models.CharField(_("adresse écrite (empreinte)"), max_length=64, blank=True)
    mails_sent = models.PositiveSmallIntegerField(_("e-mails envoyés"), default=0)
    outcome = models.CharField(
        _("suite"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    created_at = models.DateTimeField(_("demandée le"))
    processed_at = models.DateTimeField(_("traitée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande de récupération de compte")
        verbose_name_plural = _("demandes de récupération de compte")
        indexes = [
            models.Index(fields=["client_digest", "created_at"], name="recovery_by_client"),
            models.Index(fields=["target_digest", "processed_at"], name="recovery_by_target"),
            models.Index(fields=["outcome", "created_at"], name="recovery_by_outcome"),
        ]
        constraints = [
            done_iff_not_pending(
                name="recovery_demand_processed_iff_not_pending",
                state="outcome",
                done_at="processed_at",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.created_at:%Y-%m-%d %H:%M}"
