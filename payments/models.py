from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certifup.choices import ChoiceLabels
from registrations.models import Registration


class Method(models.TextChoices):
    CHEQUE = "cheque", _("chèque")
    TRANSFER = "transfer", _("virement")
    CASH = "cash", _("espèces")
    CARD = "card", _("carte bancaire")
    TRAINING = "training", _("prise en charge par la formation")


class Payment(ChoiceLabels):
    """A payment received by the centre, or the training body's financing. Never deleted."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("demande d'inscription"),
    )
    amount = models.DecimalField(_("montant"), max_digits=8, decimal_places=2)
    method = models.CharField(_("mode de règlement"), max_length=20, choices=Method.choices)
    received_on = models.DateField(_("reçu le"))
    reference = models.CharField(_("référence"), max_length=100, blank=True)
    training_body = models.CharField(_("organisme de formation"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enregistré par"),
    )
    recorded_at = models.DateTimeField(_("enregistré le"))

    class Meta:
        verbose_name = _("règlement")
        verbose_name_plural = _("règlements")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="payment_method_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} € – {self.get_method_display()}"
