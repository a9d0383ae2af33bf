"""The catalogue UPPCTSC maintains: sessions, exams, software, départements, centres, offers."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from centres.territories import (
    PLACES,
    Territory,
    department_code_normalise,
    department_code_refusal,
    territory_for_department,
)


class Department(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]
        constraints = [
            # The calendar's table, frozen into the migration: a new place needs a migration.
            models.CheckConstraint(
                condition=Q(code__in=sorted(PLACES)),
                name="department_code_known",
                violation_error_message=_("Ce code de département est inconnu du calendrier."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def clean(self) -> None:
        # Before the uniqueness check (full_clean runs clean first), so "2a" finds "2A".
        self.code = department_code_normalise(self.code)
        refusal = department_code_refusal(self.code)
        if refusal:
            raise ValidationError({"code": refusal})

    @property
    def territory(self) -> Territory:
        return territory_for_department(self.code)


class SessionQuerySet(models.QuerySet):
    def open_at(self, now: datetime.datetime) -> "SessionQuerySet":
        return self.filter(registration_opens_at__lte=now, registration_closes_at__gt=now)


class Session(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True, help_text="ex. « Juin 2022 »")
    registration_opens_at = models.DateTimeField(_("ouverture des inscriptions"))
    registration_closes_at = models.DateTimeField(_("clôture des inscriptions"))
    exams_start_on = models.DateField(_("début des épreuves"))
    exams_end_on = models.DateField(_("fin des épreuves"))
    fee_per_exam = models.DecimalField(
        _("frais par épreuve"), max_digits=7, decimal_places=2, default=Decimal("50.00")
    )
    deferral_days_after_exam = models.PositiveSmallIntegerField(
        _("délai de demande de report (jours après les épreuves)"),
        default=7,
        help_text=_(
            "Un candidat peut demander le report d'une épreuve jusqu'à ce nombre de jours "
            "après le dernier jour des épreuves."
        ),
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        # Sessions are ordered by their exams, so "the next session" is always defined.
        ordering = ["exams_start_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="session_window_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(exams_end_on__gte=F("exams_start_on")),
                name="session_exam_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(fee_per_exam__gte=0), name="session_fee_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, now: datetime.datetime) -> bool:
        return self.registration_opens_at <= now < self.registration_closes_at

    def next_session(self) -> "Session | None":
        return (
            Session.objects.filter(
                Q(exams_start_on__gt=self.exams_start_on)
                | Q(exams_start_on=self.exams_start_on, pk__gt=self.pk)
            )
            .order_by("exams_start_on", "pk")
            .first()
        )


class Exam(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True, help_text="ex. E1")
    title = models.CharField(_("intitulé"), max_length=200)

    class Meta:
        verbose_name = _("épreuve")
        verbose_name_plural = _("épreuves")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.title}"


class Software(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("logiciel")
        verbose_name_plural = _("logiciels")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Centre(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    city = models.CharField(_("ville"), max_length=100)
    address = models.CharField(_("adresse"), max_length=255)
    postal_code = models.CharField(_("code postal"), max_length=10)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="centres", verbose_name=_("département")
    )
    email = models.EmailField(_("e-mail de contact"))
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    payment_instructions = models.TextField(_("modalités de règlement"))
    is_accredited = models.BooleanField(_("habilité"), default=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CentreMembership",
        related_name="centres",
        verbose_name=_("personnel"),
    )

    class Meta:
        verbose_name = _("centre d'épreuves")
        verbose_name_plural = _("centres d'épreuves")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


class CentreMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="centre_memberships",
        verbose_name=_("compte"),
    )
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("centre")
    )

    class Meta:
        verbose_name = _("membre du personnel d'un centre")
        verbose_name_plural = _("membres du personnel des centres")
        constraints = [
            models.UniqueConstraint(fields=["user", "centre"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.centre}"


class ExamOffer(models.Model):
    """A centre organises one exam in one session, on imposed software, with a seat capacity."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="offers", verbose_name=_("centre")
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="offers", verbose_name=_("session")
    )
    exam = models.ForeignKey(
        Exam, on_delete=models.PROTECT, related_name="offers", verbose_name=_("épreuve")
    )
    software = models.ManyToManyField(Software, related_name="offers", verbose_name=_("logiciels"))
    capacity = models.PositiveIntegerField(_("places"))
    # Seats held by pre-validated, paid and confirmed requests. Only the registration services
    # change it, under a row lock; the check constraint makes overbooking impossible anyway.
    seats_taken = models.PositiveIntegerField(_("places prises"), default=0, editable=False)

    class Meta:
        verbose_name = _("épreuve proposée")
        verbose_name_plural = _("épreuves proposées")
        ordering = ["session", "centre", "exam"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "session", "exam"], name="offer_unique"),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")), name="offer_no_overbooking"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exam.code} – {self.centre.name} – {self.session.name}"

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)


class Closure(models.Model):
    """Days a centre does not work beyond the legal days off: a week at Christmas, a bridge day.

    For one centre, every centre of one département (or overseas territory), or every centre
    (neither set). Its days are the centre's local dates, first and last included. Written by
    `registrations.closures.closure_declare` only: a closure moves the payment deadlines it
    overlaps, so it is never edited nor deleted behind them.
    """

    centre = models.ForeignKey(
        Centre,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("centre"),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("département ou territoire"),
    )
    first_day = models.DateField(_("premier jour de fermeture"))
    last_day = models.DateField(_("dernier jour de fermeture"))
    reason = models.CharField(_("motif"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("déclarée par"),
    )
    created_at = models.DateTimeField(_("déclarée le"))

    class Meta:
        verbose_name = _("fermeture")
        verbose_name_plural = _("fermetures")
        ordering = ["first_day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")),
                name="closure_days_ordered",
                violation_error_message=_(
                    "Le dernier jour de fermeture ne peut pas précéder le premier."
                ),
            ),
            models.CheckConstraint(
                condition=Q(centre__isnull=True) | Q(department__isnull=True),
                name="closure_one_scope",
                violation_error_message=_(
                    "Une fermeture concerne un centre ou un département, pas les deux."
                ),
            ),
        ]
        indexes = [models.Index(fields=["last_day"], name="closure_last_day")]

    def __str__(self) -> str:
        return f"{self.scope_text} : du {self.first_day:%d/%m/%Y} au {self.last_day:%d/%m/%Y}"

    @property
    def scope_text(self) -> str:
        if self.centre is not None:
            return self.centre.name
        if self.department_id is not None:
            return f"Tous les centres du {self.department}"
        return "Tous les centres"
