from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from centres.models import Centre, Department, Exam, ExamOffer, Session
from certifup.choices import ChoiceLabels


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("soumise")
    PRE_VALIDATED = "pre_validated", _("pré-validée")
    PAID = "paid", _("réglée")
    CONFIRMED = "confirmed", _("confirmée")
    REFUSED = "refused", _("refusée")
    EXPIRED = "expired", _("expirée")
    WITHDRAWN = "withdrawn", _("retirée")


ACTIVE_STATUSES = (Status.SUBMITTED, Status.PRE_VALIDATED, Status.PAID, Status.CONFIRMED)
# States in which the request holds a seat in each of its exam offers (invariant 3).
SEAT_HOLDING_STATUSES = (Status.PRE_VALIDATED, Status.PAID, Status.CONFIRMED)


class Registration(ChoiceLabels):
    """One request by one candidate, in one session, at one centre, for one or more exams."""

    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("candidat"),
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("session")
    )
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("centre")
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    # The form carries this key: a double click or the back button resubmits the same key and
    # gets the existing request back instead of a new one.
    submission_key = models.UUIDField(_("clé de soumission"), unique=True, editable=False)
    fee_per_exam = models.DecimalField(_("frais par épreuve"), max_digits=7, decimal_places=2)
    financed_by_training = models.BooleanField(
        _("prise en charge par la formation"), default=False
    )
    # Facts, written when the centre records them and never rewritten (registrations.money).
    amount_paid = models.DecimalField(
        _("montant réglé"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    amount_financed = models.DecimalField(
        _("montant pris en charge"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    training_body = models.CharField(_("organisme de formation"), max_length=200, blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True)
    submitted_at = models.DateTimeField(_("soumise le"))
    pre_validated_at = models.DateTimeField(_("pré-validée le"), null=True, blank=True)
    payment_due_at = models.DateTimeField(_("règlement attendu avant"), null=True, blank=True)
    paid_at = models.DateTimeField(_("réglée le"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("relance envoyée le"), null=True, blank=True)
    # Written once each by the answer sweep (registrations.answers), never cleared: that a
    # centre was reminded, and that it answered late, stay facts after it answers.
    answer_reminder_sent_at = models.DateTimeField(_("centre relancé le"), null=True, blank=True)
    answer_late_at = models.DateTimeField(_("réponse en retard depuis le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande d'inscription")
        verbose_name_plural = _("demandes d'inscription")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="registration_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.PRE_VALIDATED) | Q(payment_due_at__isnull=False),
                name="registration_pre_validated_has_deadline",
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "status"], name="registration_centre_status"),
            models.Index(fields=["status", "payment_due_at"], name="registration_due"),
            models.Index(fields=["status", "submitted_at"], name="registration_awaiting_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.candidate}"

    @property
    def reference(self) -> str:
        return registration_reference(self.pk)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def active_lines(self) -> list["RegistrationExam"]:
        """Works on prefetched ``lines`` without a query."""
        return [line for line in self.lines.all() if line.status == LineStatus.REQUESTED]


def registration_reference(pk: int | None) -> str:
    """« CU-0000012 »: how a request is named everywhere, also for lists read as plain values
    (backoffice.rows) that have its id and no instance."""
    return f"CU-{pk:07d}" if pk else "CU-…"


class LineStatus(models.TextChoices):
    REQUESTED = "requested", _("demandée")
    REMOVED = "removed", _("retirée par le centre")
    DEFERRED = "deferred", _("reportée")


class RegistrationExam(ChoiceLabels):
    """One exam of a request. ``is_active`` mirrors "requested line of an active request" so that
    the database itself refuses the same exam twice for a candidate in a session (invariant 2)."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="lines", verbose_name=_("demande")
    )
    exam_offer = models.ForeignKey(
        ExamOffer,
        on_delete=models.PROTECT,
        related_name="lines",
        verbose_name=_("épreuve proposée"),
    )
    # Denormalised from the registration and offer for the partial unique constraint below.
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="+", verbose_name=_("candidat")
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="+", verbose_name=_("session")
    )
    exam = models.ForeignKey(
        Exam, on_delete=models.PROTECT, related_name="+", verbose_name=_("épreuve")
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=LineStatus.choices, default=LineStatus.REQUESTED
    )
    is_active = models.BooleanField(_("active"), default=True, editable=False)
    removal_reason = models.TextField(_("motif du retrait"), blank=True)
    carried_over_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_over_to",
        verbose_name=_("reportée depuis"),
    )

    class Meta:
        verbose_name = _("épreuve demandée")
        verbose_name_plural = _("épreuves demandées")
        ordering = ["exam__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "session", "exam"],
                condition=Q(is_active=True),
                name="line_exam_once_per_session",
            ),
            models.CheckConstraint(
                condition=Q(status__in=LineStatus.values), name="line_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exam.code} ({self.get_status_display()})"


class EventKind(models.TextChoices):
    STATUS = "status", _("changement de statut")
    EXAM_REMOVED = "exam_removed", _("épreuve retirée")
    FINANCING = "financing", _("prise en charge enregistrée")
    MAIL = "mail", _("e-mail envoyé")
    DEFERRAL_REQUESTED = "deferral_requested", _("report demandé")
    DEFERRAL_DECIDED = "deferral_decided", _("report décidé")
    CARRIED_OVER = "carried_over", _("épreuve reportée depuis la session précédente")
    NOTE = "note", _("note")
    DEADLINE_EXTENDED = "deadline_extended", _("délai de règlement prolongé")


class RegistrationEvent(ChoiceLabels):
    """The timeline: every change of a request, who made it and when. Never deleted."""

    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="events", verbose_name=_("demande")
    )
    at = models.DateTimeField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=EventKind.choices)
    from_status = models.CharField(_("de"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("vers"), max_length=20, choices=Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        # Server time (Paris), as the admin shows every date; the pages use registrations.times.
        at = date_format(timezone.localtime(self.at), "DATETIME_FORMAT")
        return f"{self.get_kind_display()} du {at}"


class NoCentreAlert(models.Model):
    """« Aucun centre trouvé » : the candidate asks UPPCTSC for help instead of e-mailing."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("candidat")
    )
    session = models.ForeignKey(Session, on_delete=models.PROTECT, verbose_name=_("session"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("département")
    )
    exams = models.ManyToManyField(Exam, verbose_name=_("épreuves souhaitées"))
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("reçue le"))
    handled_at = models.DateTimeField(_("traitée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("alerte « aucun centre »")
        verbose_name_plural = _("alertes « aucun centre »")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.candidate} – {self.session}"


class LateAnswer(Registration):
    """UPPCTSC's list of the requests a centre left unanswered past twice
    ``CENTRE_ANSWER_HOURS`` working hours: its own admin page (registrations.admin)."""

    class Meta:
        proxy = True
        verbose_name = _("réponse en retard d'un centre")
        verbose_name_plural = _("réponses en retard des centres")


class WaitingStatus(models.TextChoices):
    WAITING = "waiting", _("en attente")
    OFFERED = "offered", _("place proposée")
    CLAIMED = "claimed", _("demande faite sur la place proposée")
    SERVED = "served", _("place attribuée")
    LEFT = "left", _("quittée")
    LAPSED = "lapsed", _("proposition expirée")
    REGISTERED = "registered", _("inscription faite")
    RELEASED = "released", _("demande close avant pré-validation")


# On the list (a position, or an offer): one such entry per candidate, centre and session.
OPEN_WAITING_STATUSES = (WaitingStatus.WAITING, WaitingStatus.OFFERED, WaitingStatus.CLAIMED)
# Statuses in which the entry's rows with ``holds_seat`` keep a seat taken (invariant 3).
HOLDING_WAITING_STATUSES = (WaitingStatus.OFFERED, WaitingStatus.CLAIMED)


class WaitingEntry(ChoiceLabels):
    """A candidate waiting for seats at a full centre, for one session and a set of exams.
    Not a request: invariants 1 and 2 do not count it. Changed only by ``waiting``, under the
    locks of its list's offers (``seats.lock_lists``)."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="waiting", verbose_name=_("candidat")
    )
    session = models.ForeignKey(Session, on_delete=models.PROTECT, verbose_name=_("session"))
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, verbose_name=_("centre"))
    status = models.CharField(
        _("statut"), max_length=20, choices=WaitingStatus.choices, default=WaitingStatus.WAITING
    )
    joined_at = models.DateTimeField(_("inscrit sur la liste le"))
    offered_at = models.DateTimeField(_("place proposée le"), null=True, blank=True)
    hold_until = models.DateTimeField(_("places réservées jusqu'au"), null=True, blank=True)
    ended_at = models.DateTimeField(_("sorti de la liste le"), null=True, blank=True)
    # The request submitted on the offer: its seats are the held ones.
    registration = models.ForeignKey(
        Registration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="waiting_entries",
        verbose_name=_("demande"),
    )

    class Meta:
        verbose_name = _("inscription sur liste d'attente")
        verbose_name_plural = _("listes d'attente")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=WaitingStatus.values), name="waiting_status_valid"
            ),
            models.UniqueConstraint(
                fields=["candidate", "session", "centre"],
                condition=Q(status__in=OPEN_WAITING_STATUSES),
                name="waiting_once_per_centre",
            ),
            models.CheckConstraint(
                condition=~Q(status=WaitingStatus.OFFERED) | Q(hold_until__isnull=False),
                name="waiting_offer_has_deadline",
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "session", "status"], name="waiting_list"),
            models.Index(fields=["status", "hold_until"], name="waiting_hold_due"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} – {self.centre} ({self.get_status_display()})"

    @property
    def claim_reference(self) -> str:
        """The reference of the request made on the offer, from its id: no join of the request
        for the one thing « Mes inscriptions » says of it."""
        return registration_reference(self.registration_id)


class WaitingExam(models.Model):
    """One exam an entry waits for. ``holds_seat``: a seat of the offer is held for the entry
    (counted in ``seats_taken``, like a pre-validated request's line)."""

    entry = models.ForeignKey(
        WaitingEntry, on_delete=models.PROTECT, related_name="exams", verbose_name=_("attente")
    )
    exam_offer = models.ForeignKey(
        ExamOffer, on_delete=models.PROTECT, related_name="waiting", verbose_name=_("épreuve")
    )
    holds_seat = models.BooleanField(_("place réservée"), default=False, editable=False)

    class Meta:
        verbose_name = _("épreuve attendue")
        verbose_name_plural = _("épreuves attendues")
        ordering = ["exam_offer__exam__code"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "exam_offer"], name="waiting_exam_once"),
        ]

    def __str__(self) -> str:
        return str(self.exam_offer)
