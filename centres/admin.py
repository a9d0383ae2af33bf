from django import forms
from django.contrib import admin
from django.utils import timezone
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from centres.models import (
    Centre,
    CentreMembership,
    Department,
    Exam,
    ExamOffer,
    Session,
    Software,
)
from centres.resources import CentreResource, ExamOfferResource

IMPORT_FORMATS = [CSV, XLSX]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = [
        "name", "registration_opens_at", "registration_closes_at", "is_open_now",
        "exams_start_on", "exams_end_on", "fee_per_exam",
    ]  # fmt: skip
    search_fields = ["name"]
    date_hierarchy = "exams_start_on"

    @admin.display(description="inscriptions ouvertes", boolean=True)
    def is_open_now(self, session: Session) -> bool:
        return session.is_open(timezone.now())


@admin.register(Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]


@admin.register(Software)
class SoftwareAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


class CentreMembershipInline(admin.TabularInline):
    model = CentreMembership
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = "membre du personnel"
    verbose_name_plural = "personnel du centre (accès au back-office /centre/)"


@admin.register(Centre)
class CentreAdmin(ImportExportModelAdmin):
    resource_classes = [CentreResource]
    import_formats = IMPORT_FORMATS
    export_formats = IMPORT_FORMATS
    list_display = ["name", "city", "department", "is_accredited", "email", "phone"]
    list_select_related = ["department"]
    list_filter = ["is_accredited", ("department", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "city", "postal_code", "email"]
    autocomplete_fields = ["department"]
    inlines = [CentreMembershipInline]
    fieldsets = [
        (None, {"fields": ["name", "is_accredited"]}),
        ("Adresse", {"fields": ["address", "postal_code", "city", "department"]}),
        ("Contact", {"fields": ["email", "phone"]}),
        ("Règlement", {"fields": ["payment_instructions"]}),
    ]


class ExamOfferForm(forms.ModelForm):
    class Meta:
        model = ExamOffer
        fields = ["centre", "session", "exam", "software", "capacity"]

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        # Friendlier than the database's refusal (offer_no_overbooking) for the same mistake.
        if self.instance.pk and capacity < self.instance.seats_taken:
            raise forms.ValidationError(
                f"{self.instance.seats_taken} places sont déjà prises : la capacité ne peut pas "
                "être inférieure."
            )
        return capacity


@admin.register(ExamOffer)
class ExamOfferAdmin(ImportExportModelAdmin):
    resource_classes = [ExamOfferResource]
    import_formats = IMPORT_FORMATS
    export_formats = IMPORT_FORMATS
    form = ExamOfferForm
    list_display = [
        "exam", "centre", "department", "session", "software_list", "capacity", "seats_taken",
        "seats_left",
    ]  # fmt: skip
    list_select_related = ["exam", "centre__department", "session"]
    list_filter = [
        "session", "exam", "centre__is_accredited",
        ("centre__department", admin.RelatedOnlyFieldListFilter),
    ]  # fmt: skip
    search_fields = ["centre__name", "centre__city", "exam__code", "session__name"]
    autocomplete_fields = ["centre"]
    filter_horizontal = ["software"]
    readonly_fields = ["seats_taken"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("software")

    @admin.display(description="département", ordering="centre__department")
    def department(self, offer: ExamOffer) -> str:
        return offer.centre.department.code

    @admin.display(description="logiciels")
    def software_list(self, offer: ExamOffer) -> str:
        return ", ".join(software.name for software in offer.software.all())

    @admin.display(description="places restantes")
    def seats_left(self, offer: ExamOffer) -> int:
        return offer.seats_left
