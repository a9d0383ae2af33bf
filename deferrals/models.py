"""Deferral requests (« reports d'inscription ») and the log of who opened their justification."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from centres.models import Centre
from certifup.choices import ChoiceLabels
from deferrals.storage import get_private_storage
from registrations.models import RegistrationExam


class Reason(models.TextChoices):
    """The seed's only two reasons: « Aucun autre motif d'absence ne peut être accepté »."""

    MEDICAL = "medical", _("Absence pour raison médicale (certificat médical)")
    EMPLOYER = "employer", _("Absence salarié(e) (attestation de l'entreprise)")


class DeferralStatus(models.TextChoices):
    PENDING = "pending", _("en attente de décision")
    ACCEPTED = "accepted", _("accepté")
    REJECTED = "rejected", _("refusé")


def justification_path(deferral: "Deferral", filename: str) -> str:
    # A random name: the original one (often the candidate's name and the illness) stays in
    # the database, never in the storage's keys or logs.
    return f"deferrals/{uuid.uuid4().hex}{deferral.file_extension}"


class Deferral(ChoiceLabels):
    """A candidate asks to carry one confirmed exam over to the next session."""

    line = models.ForeignKey(
        RegistrationExam,
        on_delete=models.PROTECT,
        related_name="deferrals",
        verbose_name=_("épreuve"),
    )
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    comment = models.TextField(_("commentaire du candidat"), blank=True)
    requested_at = models.DateTimeField(_("demandé le"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("par")
    )

    justification = models.FileField(
        _("justificatif"), storage=get_private_storage, upload_to=justification_path, blank=True
    )
    # Kept after the file itself is deleted (retention), as the record that a file existed.
    file_name = models.CharField(_("nom du fichier envoyé"), max_length=255)
    file_content_type = models.CharField(_("type du fichier"), max_length=50)
    file_size = models.PositiveIntegerField(_("taille (octets)"))
    file_sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    file_deleted_at = models.DateTimeField(_("fichier supprimé le"), null=True, blank=True)

    status = models.CharField(
        _("statut"), max_length=20, choices=DeferralStatus.choices, default=DeferralStatus.PENDING
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidé par"),
    )
    decision_note = models.TextField(_("note de décision"), blank=True)
    target_centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centre de la session suivante"),
    )
    carried_over_line = models.OneToOneField(
        RegistrationExam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deferral_origin",
        verbose_name=_("épreuve reportée"),
    )
    capacity_overridden = models.BooleanField(_("capacité dépassée"), default=False)

    class Meta:
        verbose_name = _("demande de report")
        verbose_name_plural = _("demandes de report")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeferralStatus.values), name="deferral_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(reason__in=Reason.values), name="deferral_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=DeferralStatus.PENDING, decided_at__isnull=True)
                | (~Q(status=DeferralStatus.PENDING) & Q(decided_at__isnull=False)),
                name="deferral_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=DeferralStatus.ACCEPTED) | Q(carried_over_line__isnull=False),
                name="deferral_accepted_has_carry_over",
            ),
            models.UniqueConstraint(
                fields=["line"],
                condition=Q(status=DeferralStatus.PENDING),
                name="deferral_one_pending_per_line",
            ),
            # « Le report ne peut se faire qu'une fois »: the database's own guard.
            models.UniqueConstraint(
                fields=["line"],
                condition=Q(status=DeferralStatus.ACCEPTED),
                name="deferral_one_accepted_per_line",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "decided_at"], name="deferral_status_decided"),
        ]

    def __str__(self) -> str:
        return f"Report {self.pk} – {self.line.exam.code}"

    @property
    def file_extension(self) -> str:
        return EXTENSIONS.get(self.file_content_type, "")

    @property
    def has_file(self) -> bool:
        return bool(self.justification) and self.file_deleted_at is None


EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


class JustificationAccess(models.Model):
    """Every opening of a justification file: who, when. Never deleted."""

    deferral = models.ForeignKey(
        Deferral, on_delete=models.PROTECT, related_name="accesses", verbose_name=_("report")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("par")
    )
    at = models.DateTimeField(_("le"))

    class Meta:
        verbose_name = _("consultation d'un justificatif")
        verbose_name_plural = _("consultations des justificatifs")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} – {self.user}"
