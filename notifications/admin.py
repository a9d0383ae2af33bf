"""UPPCTSC sees every mail, why one failed, and sends a failed one again (« Renvoyer »).

Account mails carry a personal link (password reset, e-mail verification): whoever reads it can
take over the account. The admin shows who was sent what and when, never those links: their
bodies and context are masked here.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.utils import timezone

from certifup.admin_mixins import ReadOnlyMixin
from notifications.models import MailStatus, OutboundMail
from notifications.services import mail_retry

# The templates whose mail holds a link that signs its reader in or changes the password.
PERSONAL_LINK_TEMPLATES = frozenset(
    {"password_reset", "email_verification", "welcome", "existing_account"}
)
MASKABLE = ("context", "body_text", "body_html")
MASKED = "Masqué : cet e-mail contient un lien personnel (mot de passe ou vérification)."


def has_personal_link(mail: OutboundMail) -> bool:
    return mail.template in PERSONAL_LINK_TEMPLATES


@admin.register(OutboundMail)
class OutboundMailAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "recipient", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "template", "created_at"]
    search_fields = ["recipient", "subject", "provider_message_id"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    exclude = MASKABLE
    readonly_fields = [
        *(field.name for field in OutboundMail._meta.fields if field.name not in MASKABLE),
        "shown_context",
        "shown_text",
        "shown_html",
    ]
    list_select_related = True

    @admin.display(description="contexte")
    def shown_context(self, mail: OutboundMail) -> object:
        return MASKED if has_personal_link(mail) else mail.context

    @admin.display(description="texte")
    def shown_text(self, mail: OutboundMail) -> str:
        return MASKED if has_personal_link(mail) else mail.body_text

    @admin.display(description="HTML")
    def shown_html(self, mail: OutboundMail) -> str:
        return MASKED if has_personal_link(mail) else mail.body_html

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
