"""UPPCTSC rules on deferral requests here. Read-only rows; « Accepter » and « Refuser » go
through an intermediate page (the note, and for an acceptance the centre and the capacity
override), then through the services. Nothing is deletable."""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import F, QuerySet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from centres.models import Centre
from certifup.admin_mixins import ActionsOnlyMixin, ReadOnlyInline, ReadOnlyMixin
from certifup.bulk import apply_to_each, message_outcome
from deferrals import services
from deferrals.admin_preview import carry_over_preview
from deferrals.models import Deferral, JustificationAccess

CANDIDATE_SEARCH = [
    "line__candidate__nuc", "line__candidate__birth_name", "line__candidate__usage_name",
    "line__candidate__first_names",
]  # fmt: skip
NOTE_HELP = (
    "Communiquée au candidat et visible du centre dans l'historique de la demande : "
    "n'y écrivez aucune information médicale."
)


class AcceptForm(forms.Form):
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea, help_text=NOTE_HELP
    )
    target_centre = forms.ModelChoiceField(
        label="Centre de la session suivante",
        queryset=Centre.objects.filter(is_accredited=True),
        required=False,
        help_text="Laisser vide : le même centre, s'il propose l'épreuve à la session suivante.",
    )
    override_capacity = forms.BooleanField(
        label="Dépasser la capacité si l'épreuve est complète (enregistré sur le report)",
        required=False,
    )


class RejectForm(forms.Form):
    note = forms.CharField(
        label="Motif du refus",
        widget=forms.Textarea,
        help_text=NOTE_HELP,
        error_messages={"required": "Indiquez le motif du refus : il est communiqué au candidat."},
    )


class AccessInline(ReadOnlyInline):
    model = JustificationAccess
    fields = readonly_fields = ["at", "user"]
    verbose_name_plural = "consultations du justificatif"


@admin.register(Deferral)
class DeferralAdmin(ActionsOnlyMixin, admin.ModelAdmin):
    list_display = [
        "requested_at", "candidate", "exam", "session", "centre", "reason", "status",
        "justification_link", "decided_at",
    ]  # fmt: skip
    list_select_related = [
        "line__candidate", "line__exam", "line__session", "line__registration__centre",
    ]  # fmt: skip
    list_filter = [
        "status",
        "reason",
        ("line__session", admin.RelatedOnlyFieldListFilter),
        ("line__registration__centre", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = CANDIDATE_SEARCH
    # Pending requests (not decided yet) first, then the most recent.
    ordering = [F("decided_at").desc(nulls_first=True), "-requested_at"]
    actions = ["accept", "reject"]
    inlines = [AccessInline]
    fields = readonly_fields = [
        "candidate", "exam", "session", "centre", "reason", "comment", "requested_at",
        "justification_link", "file_name", "file_content_type", "file_size", "file_sha256",
        "file_deleted_at", "status", "decided_at", "decided_by", "decision_note",
        "target_centre", "carried_over_line", "capacity_overridden",
    ]  # fmt: skip

    @admin.display(description="candidat", ordering="line__candidate__birth_name")
    def candidate(self, deferral: Deferral):
        return deferral.line.candidate

    @admin.display(description="épreuve", ordering="line__exam__code")
    def exam(self, deferral: Deferral) -> str:
        return deferral.line.exam.code

    @admin.display(description="session")
    def session(self, deferral: Deferral):
        return deferral.line.session

    @admin.display(description="centre")
    def centre(self, deferral: Deferral) -> str:
        return deferral.line.registration.centre.name

    @admin.display(description="justificatif")
    def justification_link(self, deferral: Deferral) -> str:
        if not deferral.has_file:
            return f"supprimé le {timezone.localtime(deferral.file_deleted_at):%d/%m/%Y}"
        url = reverse("deferrals:justification", args=[deferral.pk])
        # A download (deferrals.views.justification): no new tab left empty.
        return format_html('<a href="{}" download>Télécharger</a>', url)

    @admin.action(description="Accepter le report", permissions=["change"])
    def accept(self, request, queryset: QuerySet[Deferral]):
        return self._decide(request, queryset, AcceptForm, "accept", "Accepter le report")

    @admin.action(description="Refuser le report", permissions=["change"])
    def reject(self, request, queryset: QuerySet[Deferral]):
        return self._decide(request, queryset, RejectForm, "reject", "Refuser le report")

    def _decide(self, request, queryset, form_class, action: str, title: str):
        deferrals = list(queryset.select_related(*self.list_select_related).order_by("pk"))
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._apply(request, deferrals, action, form.cleaned_data)
            return None  # back to the list, with the messages
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "form": form,
            "action": action,
            "rows": [(d, carry_over_preview(d)) for d in deferrals] if action == "accept" else
                    [(d, None) for d in deferrals],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }  # fmt: skip
        return TemplateResponse(request, "admin/deferrals/decide.html", context)

    def _apply(self, request, deferrals: list[Deferral], action: str, data: dict) -> None:
        now = timezone.now()
        service = services.deferral_accept if action == "accept" else services.deferral_reject
        outcome = apply_to_each(
            deferrals,
            lambda deferral: service(deferral=deferral, actor=request.user, now=now, **data),
        )
        label = "accepté(s)" if action == "accept" else "refusé(s)"
        message_outcome(request, outcome, count_done=f"{{count}} report(s) {label}.")


@admin.register(JustificationAccess)
class JustificationAccessAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "user", "deferral"]
    list_select_related = ["user", "deferral__line__exam"]
    search_fields = ["user__username", *(f"deferral__{field}" for field in CANDIDATE_SEARCH)]
    date_hierarchy = "at"
