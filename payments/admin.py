from django.contrib import admin

from certifup.admin_mixins import ReadOnlyMixin
from payments.models import Payment


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Payments are recorded by the centres (payments.services) and never edited nor deleted."""

    list_display = [
        "recorded_at", "registration", "centre", "amount", "method", "received_on", "reference",
        "recorded_by",
    ]  # fmt: skip
    list_select_related = ["registration__candidate", "registration__centre", "recorded_by"]
    list_filter = ["method", "received_on", "registration__session", "registration__centre"]
    search_fields = [
        "reference", "training_body", "registration__candidate__nuc",
        "registration__candidate__birth_name", "registration__candidate__usage_name",
        "registration__candidate__first_names",
    ]  # fmt: skip
    date_hierarchy = "recorded_at"

    @admin.display(description="centre", ordering="registration__centre__name")
    def centre(self, payment: Payment) -> str:
        return payment.registration.centre.name
