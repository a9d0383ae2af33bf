"""UPPCTSC sees every mail, why one failed, and sends a failed one again (« Renvoyer »)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.utils import timezone

from notifications.models import MailStatus, OutboundMail
from notifications.services import mail_retry


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "template", "created_at"]
    search_fields = ["recipient", "subject", "provider_message_id"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [field.name for field in OutboundMail._meta.fields]
    list_select_related = True

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Renvoyer les e-mails en échec sélectionnés")
    def resend(self, request, queryset: QuerySet[OutboundMail]) -> None:
        now = timezone.now()
        retried = sum(
            mail_retry(mail=mail, now=now) for mail in queryset.filter(status=MailStatus.FAILED)
        )
        skipped = queryset.count() - retried
        if retried:
            self.message_user(request, f"{retried} e-mail(s) remis en file d'envoi.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} e-mail(s) ignoré(s) : seuls les e-mails en échec se renvoient.",
                messages.WARNING,
            )
