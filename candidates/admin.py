from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.timezone import now
from import_export.admin import ImportMixin
from import_export.formats import base_formats

from candidates.corrections import correction_request_apply, correction_request_reject
from candidates.imports import CandidateImportResource
from candidates.models import (
    Candidate,
    CandidateCorrection,
    CorrectionRequest,
    NucSequence,
    RecoveryDemand,
    User,
)
from candidates.nuc import NEW_NUC, normalise_nuc
from centres.models import CentreMembership
from certifup.admin_mixins import CreatedElsewhereMixin, ReadOnlyMixin
from certifup.bulk import apply_to_each, message_outcome


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User


class UserChangeAdminForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class CentreMembershipInline(admin.TabularInline):
    model = CentreMembership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["centre"]
    verbose_name = "centre dont l'utilisateur fait partie du personnel"
    verbose_name_plural = "centres dont l'utilisateur fait partie du personnel"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    inlines = [CentreMembershipInline]
    list_display = [
        "username", "first_name", "last_name", "email", "is_staff", "is_superuser", "is_active",
        "last_login",
    ]  # fmt: skip
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]


@admin.register(Candidate)
class CandidateAdmin(CreatedElsewhereMixin, ImportMixin, admin.ModelAdmin):
    resource_classes = [CandidateImportResource]
    formats = [base_formats.CSV, base_formats.XLSX]

    list_display = [
        "display_nuc", "birth_name", "usage_name", "first_names", "birth_date", "email", "city",
        "is_trainee", "created_at",
    ]  # fmt: skip
    list_display_links = ["display_nuc", "birth_name"]
    search_fields = ["nuc", "birth_name", "usage_name", "first_names", "email"]
    list_filter = ["is_trainee", "created_at", ("email_verified_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "created_at"
    # Identity fields appear on certificates and make the identity key of invariant 6: they are
    # corrected through a service that keeps the key right and records the correction, never
    # edited here. The e-mail is the login's too and changes through a verification mail.
    readonly_fields = [
        "user", "nuc", "birth_name", "usage_name", "first_names", "birth_date", "identity_key",
        "email", "email_verified_at", "created_at",
    ]  # fmt: skip
    fieldsets = [
        ("Identité", {"fields": ["nuc", "birth_name", "usage_name", "first_names", "birth_date"]}),
        ("Coordonnées", {"fields": ["email", "phone", "address", "postal_code", "city"]}),
        ("Formation", {"fields": ["is_trainee", "training_body"]}),
        ("Compte", {"fields": ["user", "identity_key", "email_verified_at", "created_at"]}),
    ]

    @admin.display(description="NUC", ordering="nuc")
    def display_nuc(self, candidate: Candidate) -> str:
        return candidate.display_nuc

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Staff paste NUCs as printed (« 26 000123 4 »), which a word-by-word search misses.
        nuc = normalise_nuc(search_term)
        if NEW_NUC.match(nuc):
            queryset |= self.model.objects.filter(nuc=nuc)
        return queryset, may_have_duplicates


@admin.register(NucSequence)
class NucSequenceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["year", "last_value"]
    search_fields = ["year"]


@admin.register(RecoveryDemand)
class RecoveryDemandAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """« Mot de passe oublié » / « NUC oublié » demands of the last day: a flood shows as
    « limite atteinte ». What was typed is not shown (it is dropped once used anyway)."""

    list_display = ["created_at", "kind", "outcome", "mails_sent", "processed_at"]
    list_filter = ["kind", "outcome"]
    # Only the form and the outcome: what was typed and the address digests stay hidden.
    search_fields = ["kind", "outcome"]
    fields = list_display
    date_hierarchy = "created_at"


@admin.register(CandidateCorrection)
class CandidateCorrectionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The trail of corrections made by centres and UPPCTSC: read only, never deleted."""

    list_display = [
        "corrected_at", "candidate", "field_label", "old_value", "new_value", "corrected_by",
        "reason",
    ]  # fmt: skip
    list_select_related = ["candidate", "corrected_by"]
    list_filter = ["field", "corrected_at", ("corrected_by", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "candidate__nuc", "candidate__birth_name", "candidate__usage_name",
        "candidate__first_names", "corrected_by__username", "old_value", "new_value",
    ]  # fmt: skip
    date_hierarchy = "corrected_at"

    @admin.display(description="champ", ordering="field")
    def field_label(self, correction: CandidateCorrection) -> str:
        return correction.field_label


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(CreatedElsewhereMixin, admin.ModelAdmin):
    """Requests to correct a locked identity field. UPPCTSC handles those sent to no centre (and
    may handle any); « Appliquer » / « Rejeter » go through the services, which keep the trail."""

    list_display = [
        "created_at", "candidate", "field_label", "proposed_value", "centre", "status",
        "decided_by", "decided_at",
    ]  # fmt: skip
    list_filter = ["status", ("centre", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["candidate", "centre", "decided_by"]
    search_fields = ["candidate__nuc", "candidate__birth_name", "candidate__first_names"]
    readonly_fields = [
        "candidate", "field", "proposed_value", "comment", "centre", "status", "created_at",
        "decided_by", "decided_at", "decision_note",
    ]  # fmt: skip
    actions = ["apply_requests", "reject_requests"]

    @admin.display(description="Champ")
    def field_label(self, correction_request: CorrectionRequest) -> str:
        return correction_request.field_label

    def _decide(self, request, queryset, service, done: str) -> None:
        outcome = apply_to_each(
            queryset.select_related("candidate"),
            lambda row: service(correction_request=row, actor=request.user, now=now()),
        )
        message_outcome(request, outcome, count_done=f"{{count}} demande(s) {done}.")

    @admin.action(description="Appliquer les demandes sélectionnées")
    def apply_requests(self, request, queryset) -> None:
        self._decide(request, queryset, correction_request_apply, "appliquée(s)")

    @admin.action(description="Rejeter les demandes sélectionnées")
    def reject_requests(self, request, queryset) -> None:
        self._decide(request, queryset, correction_request_reject, "rejetée(s)")
