"""UPPCTSC's view of the requests. Read-mostly: statuses change only through the services, which
the actions below call; nothing here is ever deleted (DESIGN: no hard delete)."""

from collections.abc import Callable

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from centres.models import Closure
from certifup.admin_mixins import (
    ActionsOnlyMixin,
    NeverDeletedMixin,
    ReadOnlyInline,
    ReadOnlyMixin,
)
from certifup.bulk import apply_to_each, message_outcome
from registrations import services
from registrations.closures import closure_declare, closure_refusal
from registrations.models import (
    LateAnswer,
    NoCentreAlert,
    Registration,
    RegistrationEvent,
    RegistrationExam,
    Status,
    WaitingEntry,
    WaitingExam,
)
from registrations.money import amounts_text, registration_amounts
from registrations.summary_views import pdf_response
from registrations.times import deadline_text, local_time_text

CANDIDATE_SEARCH = [
    "candidate__nuc", "candidate__birth_name", "candidate__usage_name", "candidate__first_names",
]  # fmt: skip


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label="Motif du refus",
        widget=forms.Textarea,
        max_length=2000,
        help_text="Communiqué au candidat dans l'e-mail de refus et sur sa demande.",
        error_messages={"required": "Indiquez le motif du refus : il est communiqué au candidat."},
    )


class LineInline(ReadOnlyInline):
    model = RegistrationExam
    fields = readonly_fields = (
        "exam",
        "software",
        "status",
        "removal_reason",
        "carried_over_from",
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("exam", "carried_over_from__exam")
            .prefetch_related("exam_offer__software")
        )

    @admin.display(description="logiciels")
    def software(self, line: RegistrationExam) -> str:
        return ", ".join(software.name for software in line.exam_offer.software.all())


class EventInline(ReadOnlyInline):
    model = RegistrationEvent
    fields = readonly_fields = ("at", "kind", "from_status", "to_status", "actor", "note")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Registration)
class RegistrationAdmin(ActionsOnlyMixin, admin.ModelAdmin):
    list_display = [
        "reference", "candidate", "session", "centre", "status", "submitted_at",
        "payment_deadline",
    ]  # fmt: skip
    list_select_related = ["candidate", "session", "centre__department"]
    list_filter = ["status", "session", "financed_by_training", "centre"]
    search_fields = CANDIDATE_SEARCH
    date_hierarchy = "submitted_at"
    inlines = [LineInline, EventInline]
    actions = ["pre_validate", "confirm", "refuse"]
    fieldsets = [
        (None, {"fields": [
            "reference", "candidate", "session", "centre", "status", "summary_pdf_link",
        ]}),
        ("Règlement", {"fields": [
            "fee_per_exam", "amount", "payment_deadline", "financed_by_training",
            "training_body",
        ]}),
        ("Dates", {"fields": [
            "submitted_at", "pre_validated_at", "paid_at", "confirmed_at", "closed_at",
            "reminder_sent_at",
        ]}),
        ("Refus", {"fields": ["refusal_reason"]}),
    ]  # fmt: skip
    readonly_fields = ["reference", "amount", "payment_deadline", "summary_pdf_link"]

    @admin.display(description="référence", ordering="pk")
    def reference(self, registration: Registration) -> str:
        return registration.reference

    @admin.display(description="montant")
    def amount(self, registration: Registration) -> str:
        return amounts_text(registration_amounts(registration))

    @admin.display(description="règlement attendu", ordering="payment_due_at")
    def payment_deadline(self, registration: Registration) -> str:
        # As the centre, the candidate and the mails word it (registrations.times).
        return deadline_text(registration.payment_due_at, centre=registration.centre) or "-"

    @admin.display(description="récapitulatif")
    def summary_pdf_link(self, registration: Registration) -> str:
        url = reverse("admin:registrations_registration_summary_pdf", args=[registration.pk])
        return format_html('<a href="{}">Télécharger le PDF</a>', url)

    def get_urls(self):
        summary = path(
            "<int:pk>/recapitulatif.pdf",
            self.admin_site.admin_view(self.summary_pdf_view),
            name="registrations_registration_summary_pdf",
        )
        return [summary, *super().get_urls()]

    def summary_pdf_view(self, request, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return pdf_response(get_object_or_404(Registration, pk=pk))

    @admin.action(description="Pré-valider", permissions=["change"])
    def pre_validate(self, request, queryset: QuerySet[Registration]) -> None:
        self._apply(request, queryset, services.registration_pre_validate, "pré-validée(s)")

    @admin.action(description="Confirmer (inscription définitive)", permissions=["change"])
    def confirm(self, request, queryset: QuerySet[Registration]):
        """Irreversible (no cancel, no refund after it): an intermediate page lists the
        requests and says so; only its « Confirmer » calls the service."""
        if "apply" in request.POST:
            self._apply(request, queryset, services.registration_confirm, "confirmée(s)")
            return None  # back to the list, with the messages
        context = {
            **self.admin_site.each_context(request),
            "title": "Confirmer des inscriptions (inscription définitive)",
            "opts": self.model._meta,
            "form": forms.Form(),
            "registrations": queryset.select_related(*self.list_select_related).order_by("pk"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/registrations/confirm.html", context)

    @admin.action(description="Refuser (avec un motif)", permissions=["change"])
    def refuse(self, request, queryset: QuerySet[Registration]):
        """An intermediate page asks for the reason, then each request is refused through the
        service (which mails the candidate); the others are left as they were."""
        form = RefuseForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]

            def refuse(**kwargs) -> Registration:
                return services.registration_refuse(reason=reason, **kwargs)

            self._apply(request, queryset, refuse, "refusée(s)")
            return None  # back to the list, with the messages
        context = {
            **self.admin_site.each_context(request),
            "title": "Refuser des demandes",
            "opts": self.model._meta,
            "form": form,
            "registrations": queryset.select_related(*self.list_select_related).order_by("pk"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/registrations/refuse.html", context)

    def _apply(
        self,
        request,
        queryset: QuerySet[Registration],
        service: Callable[..., Registration],
        done_label: str,
    ) -> None:
        now = timezone.now()
        outcome = apply_to_each(
            queryset.select_related("candidate").order_by("pk"),
            lambda registration: service(registration=registration, actor=request.user, now=now),
        )
        message_outcome(request, outcome, count_done=f"{{count}} demande(s) {done_label}.")


@admin.register(RegistrationEvent)
class RegistrationEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "registration", "kind", "from_status", "to_status", "actor", "note"]
    list_select_related = ["registration__candidate", "actor"]
    list_filter = ["kind", "to_status"]
    search_fields = [f"registration__{field}" for field in CANDIDATE_SEARCH]
    date_hierarchy = "at"


@admin.register(NoCentreAlert)
class NoCentreAlertAdmin(ActionsOnlyMixin, admin.ModelAdmin):
    list_display = [
        "created_at", "candidate", "candidate_email", "candidate_phone", "session", "department",
        "exam_list", "handled_at",
    ]  # fmt: skip
    list_select_related = ["candidate", "session", "department"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter), "session", "department"]
    search_fields = CANDIDATE_SEARCH
    date_hierarchy = "created_at"
    actions = ["mark_handled"]
    # UPPCTSC answers the candidate: how to reach them is on the alert itself.
    readonly_fields = [
        "candidate", "candidate_email", "candidate_phone", "session", "department", "exams",
        "message", "created_at", "handled_at",
    ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("exams")

    @admin.display(description="e-mail du candidat")
    def candidate_email(self, alert: NoCentreAlert) -> str:
        return alert.candidate.email

    @admin.display(description="téléphone du candidat")
    def candidate_phone(self, alert: NoCentreAlert) -> str:
        return alert.candidate.phone or "non renseigné"

    @admin.display(description="épreuves souhaitées")
    def exam_list(self, alert: NoCentreAlert) -> str:
        return ", ".join(exam.code for exam in alert.exams.all())

    @admin.action(description="Marquer comme traitée(s)", permissions=["change"])
    def mark_handled(self, request, queryset: QuerySet[NoCentreAlert]) -> None:
        # A conditional UPDATE: an alert already handled keeps its first date, and two staff
        # members clicking at once do not both count it.
        # TODO: move into a `no_centre_alert_mark_handled` service once registrations has one.
        handled = queryset.filter(handled_at__isnull=True).update(handled_at=timezone.now())
        self.message_user(request, f"{handled} alerte(s) marquée(s) comme traitée(s).")


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["centre", "department", "first_day", "last_day", "reason"]
        help_texts = {
            "centre": "Un seul centre ; ou bien choisissez un département ; ou aucun des deux "
            "pour fermer tous les centres.",
            "department": "Tous les centres de ce département ou territoire.",
            "first_day": "Jour local du centre, aujourd'hui ou plus tard.",
            "reason": "ex. « Fermeture de fin d'année », « Pont de l'Ascension ».",
        }

    def clean(self) -> dict:
        data = super().clean() or {}
        if {"first_day", "last_day", "reason"} <= data.keys():
            refusal = closure_refusal(
                first_day=data["first_day"],
                last_day=data["last_day"],
                reason=data["reason"],
                centre=data.get("centre"),
                department=data.get("department"),
                now=timezone.now(),
            )
            if refusal:
                raise forms.ValidationError(refusal)
        return data


@admin.register(Closure)
class ClosureAdmin(NeverDeletedMixin, admin.ModelAdmin):
    """Closures UPPCTSC declares, for one centre, a département or every centre; the centres
    declare theirs in the back-office. Added through the service (it moves the deadlines), then
    shown read-only: a deadline already pushed back is never brought forward again."""

    form = ClosureForm
    list_display = ["first_day", "last_day", "scope", "reason", "created_by", "created_at"]
    list_select_related = ["centre", "department", "created_by"]
    list_filter = [("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["reason", "centre__name", "centre__city", "department__name"]
    autocomplete_fields = ["centre", "department"]
    date_hierarchy = "first_day"

    @admin.display(description="concerne")
    def scope(self, closure: Closure) -> str:
        return closure.scope_text

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [*ClosureForm.Meta.fields, "created_by", "created_at"]

    def save_model(self, request, obj, form, change) -> None:
        # The form's clean() checked the service's refusals a moment ago, with the same rule.
        closure = closure_declare(actor=request.user, now=timezone.now(), **form.cleaned_data)
        obj.pk, obj.created_by, obj.created_at = closure.pk, closure.created_by, closure.created_at


@admin.register(LateAnswer)
class LateAnswerAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Requests still unanswered past twice CENTRE_ANSWER_HOURS working hours (stamped by
    registrations.answers): UPPCTSC calls the centre. Each links to the request's own page."""

    list_display = [
        "request_link", "candidate", "centre", "department", "submitted", "reminded", "late_since",
    ]  # fmt: skip
    list_select_related = ["candidate", "centre__department"]
    list_filter = ["session", "centre__department"]
    search_fields = ["centre__name", *CANDIDATE_SEARCH]
    ordering = ["answer_late_at", "pk"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status=Status.SUBMITTED, answer_late_at__isnull=False)
        )

    @admin.display(description="demande", ordering="pk")
    def request_link(self, registration: LateAnswer) -> str:
        url = reverse("admin:registrations_registration_change", args=[registration.pk])
        return format_html('<a href="{}">{}</a>', url, registration.reference)

    @admin.display(description="département", ordering="centre__department")
    def department(self, registration: LateAnswer) -> str:
        return str(registration.centre.department)

    @admin.display(description="soumise le", ordering="submitted_at")
    def submitted(self, registration: LateAnswer) -> str:
        return local_time_text(registration.submitted_at, centre=registration.centre)

    @admin.display(description="centre relancé le", ordering="answer_reminder_sent_at")
    def reminded(self, registration: LateAnswer) -> str:
        return local_time_text(registration.answer_reminder_sent_at, centre=registration.centre)

    @admin.display(description="en retard depuis le", ordering="answer_late_at")
    def late_since(self, registration: LateAnswer) -> str:
        return local_time_text(registration.answer_late_at, centre=registration.centre)


class WaitingExamInline(ReadOnlyInline):
    model = WaitingExam
    fields = readonly_fields = ("exam_offer", "holds_seat")


@admin.register(WaitingEntry)
class WaitingEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The waiting lists, for UPPCTSC to answer a candidate or a centre. Read-only: an entry
    moves only through registrations.waiting, under its list's locks. In a centre and session,
    the list's order is the order of joining."""

    list_display = ["candidate", "centre", "session", "waited_exams", "status", "joined_at"]
    list_select_related = ["candidate", "centre", "session"]
    list_filter = ["status", "session", ("centre", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["centre__name", *CANDIDATE_SEARCH]
    inlines = [WaitingExamInline]

    def get_queryset(self, request):
        exams = WaitingExam.objects.select_related("exam_offer__exam")
        return super().get_queryset(request).prefetch_related(Prefetch("exams", queryset=exams))

    @admin.display(description="épreuves")
    def waited_exams(self, entry: WaitingEntry) -> str:
        return ", ".join(line.exam_offer.exam.code for line in entry.exams.all())
