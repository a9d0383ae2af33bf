"""UPPCTSC sees every mail, why one failed, and sends a failed one again (« Renvoyer »).

Account mails carry a personal link (password reset, e-mail verification): whoever reads it can
take over the account. The admin shows who was sent what and when, never those links: their
bodies and context are masked here.
"""

import json

from django.contrib import admin, messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from certifup.admin_mixins import ReadOnlyMixin
from notifications.attachments import attachment_label
from notifications.labels import template_label
from notifications.models import NOT_RENDERED, MailStatus, OutboundMail
from notifications.services import mail_retry, render_row

# The templates whose mail holds a link that signs its reader in or changes the password.
PERSONAL_LINK_TEMPLATES = frozenset(
    {"password_reset", "email_verification", "welcome", "existing_account"}
)
MASKED = "Masqué : cet e-mail contient un lien personnel (mot de passe ou vérification)."


def has_personal_link(mail: OutboundMail) -> bool:
    return mail.template in PERSONAL_LINK_TEMPLATES


class TemplateFilter(admin.SimpleListFilter):
    title = "type d'e-mail"
    parameter_name = "template"

    def lookups(self, request, model_admin):
        used = OutboundMail.objects.order_by().values_list("template", flat=True).distinct()
        return sorted(((name, template_label(name)) for name in used), key=lambda item: item[1])

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(template=value) if value else queryset


@admin.register(OutboundMail)
class OutboundMailAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "created_at", "recipient", "list_subject", "kind", "status", "attempts", "sent_at",
    ]  # fmt: skip
    list_filter = ["status", TemplateFilter, "created_at"]
    search_fields = ["recipient", "subject", "provider_message_id"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    list_select_related = True
    # What a person reads first; the data the mail was written from is kept apart, folded.
    readonly_fields = [
        "recipient", "kind", "shown_subject", "attachment_list", "registration", "candidate",
        "user", "event", "status", "attempts", "next_attempt", "sent_at", "provider_message_id",
        "last_error", "created_at", "shown_text", "shown_html", "shown_context",
    ]  # fmt: skip

    def get_fieldsets(self, request, obj=None):
        sending = ["status", "attempts", "sent_at", "provider_message_id", "last_error"]
        if obj is not None and obj.status == MailStatus.PENDING:
            # Only a mail still waiting has a next attempt: on a sent or failed one, the date
            # left in the row means nothing to the reader.
            sending.insert(2, "next_attempt")
        return [
            (None, {"fields": [
                "recipient", "kind", "shown_subject", "attachment_list", "registration",
                "candidate", "user", "event", "created_at",
            ]}),
            ("Envoi", {"fields": sending}),
            ("Texte de l'e-mail", {"fields": ["shown_text"]}),
            ("Données techniques", {
                "classes": ["collapse"], "fields": ["shown_html", "shown_context"],
            }),
        ]  # fmt: skip

    @admin.display(description="objet", ordering="subject")
    def list_subject(self, mail: OutboundMail) -> str:
        """A list page renders nothing: a mail not sent yet reads « (rédigé à l'envoi) »."""
        return mail.shown_subject

    @admin.display(description="objet")
    def shown_subject(self, mail: OutboundMail) -> str:
        return _texts(mail)[0]

    @admin.display(description="type d'e-mail", ordering="template")
    def kind(self, mail: OutboundMail) -> str:
        return template_label(mail.template)

    @admin.display(description="pièces jointes")
    def attachment_list(self, mail: OutboundMail) -> str:
        return ", ".join(attachment_label(spec) for spec in mail.attachments) or "aucune"

    @admin.display(description="prochaine tentative")
    def next_attempt(self, mail: OutboundMail) -> str:
        return date_format(timezone.localtime(mail.next_attempt_at), "DATETIME_FORMAT")

    @admin.display(description="contexte (données du modèle, JSON)")
    def shown_context(self, mail: OutboundMail) -> str:
        if has_personal_link(mail):
            return MASKED
        text = json.dumps(mail.context, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
        return format_html("<pre>{}</pre>", text)

    @admin.display(description="texte")
    def shown_text(self, mail: OutboundMail) -> str:
        if has_personal_link(mail):
            return MASKED
        # Line breaks kept, without a style attribute (the CSP refuses inline styles).
        return linebreaksbr(_texts(mail)[1], autoescape=True)

    @admin.display(description="HTML (source)")
    def shown_html(self, mail: OutboundMail) -> str:
        if has_personal_link(mail):
            return MASKED
        return linebreaksbr(_texts(mail)[2], autoescape=True)

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


def _texts(mail: OutboundMail) -> tuple[str, str, str]:
    """Subject, text and HTML as sent; for a mail not sent yet, what the worker will write from
    its frozen context, said so (once per page: the readonly fields share it)."""
    if mail.is_rendered:
        return mail.subject, mail.body_text, mail.body_html
    if not hasattr(mail, "_preview"):
        try:
            subject, text, html = render_row(mail)
        except Exception as error:
            subject, text, html = NOT_RENDERED, f"Rédaction impossible – {error}", ""
        else:
            text = f"{PREVIEW}\n\n{text}"
        mail._preview = (subject, text, html)  # type: ignore[attr-defined]
    return mail._preview  # type: ignore[attr-defined]


PREVIEW = "Aperçu : cet e-mail sera rédigé ainsi à l'envoi, à partir des données de son contexte."
