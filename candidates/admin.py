from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from candidates.models import Candidate, CandidateCorrection, NucSequence, User
from candidates.nuc import NEW_NUC, normalise_nuc
from centres.models import CentreMembership


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
class CandidateAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request) -> bool:
        # An account is created by sign-up or import (candidate_create), which allocates the NUC.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NucSequence)
class NucSequenceAdmin(admin.ModelAdmin):
    list_display = ["year", "last_value"]
    search_fields = ["year"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CandidateCorrection)
class CandidateCorrectionAdmin(admin.ModelAdmin):
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

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
