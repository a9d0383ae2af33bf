"""The outbox: every e-mail is a row written in the transaction of the change it announces.

The row is written with the mail's context frozen in it: the plain values its templates show,
as they were at that change (``notifications.frozen``), nothing that points back to the data.
The worker renders subject and bodies from that context alone, stores them on the row in the
same update that records the sending, then keeps them: what the person was told is exactly
what the row holds, and a later change of the data never alters a mail, sent or not. A row
that cannot be rendered fails with its reason (« Rédaction impossible »), never silently.
Until it is sent, a row has no text yet (``is_rendered``): pages say « rédigé à l'envoi ».
Attachments (the PDF summary) are only described here and built when the mail is sent: they
are large and derived data.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certifup.choices import ChoiceLabels


class MailStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    SENDING = "sending", _("en cours d'envoi")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("échec")


class OutboundMail(ChoiceLabels):
    recipient = models.EmailField(_("destinataire"))
    template = models.CharField(_("modèle"), max_length=100)
    context = models.JSONField(_("contexte"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    # Empty until the worker renders the row (see the module's docstring).
    subject = models.CharField(_("objet"), max_length=255, blank=True)
    body_text = models.TextField(_("texte"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    # [{"kind": "registration_summary", "registration_id": 12}]: built at send time.
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mails",
        verbose_name=_("demande"),
    )
    # Set only when the candidate is the recipient: their timeline lists these mails.
    candidate = models.ForeignKey(
        "candidates.Candidate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mails",
        verbose_name=_("candidat"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("compte"),
    )
    event = models.ForeignKey(
        "registrations.RegistrationEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mails",
        verbose_name=_("événement"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=MailStatus.choices, default=MailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"))
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    provider_message_id = models.CharField(
        _("identifiant fournisseur"), max_length=255, blank=True
    )
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"))

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MailStatus.values), name="outboundmail_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=MailStatus.SENT) | Q(sent_at__isnull=False),
                name="outboundmail_sent_has_date",
            ),
            # One event never produces the same mail twice to the same person.
            models.UniqueConstraint(
                fields=["event", "template", "recipient"], name="outboundmail_once_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outboundmail_due"),
        ]

    def __str__(self) -> str:
        return f"{self.shown_subject} → {self.recipient}"

    @property
    def is_rendered(self) -> bool:
        """A rendered text body is never empty (it ends with a line break at least)."""
        return bool(self.body_text)

    @property
    def shown_subject(self) -> str:
        """What a page shows as the subject of a mail the worker has not rendered yet."""
        return self.subject if self.is_rendered else NOT_RENDERED


NOT_RENDERED = "(rédigé à l'envoi)"
