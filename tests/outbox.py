"""Mail rows as the worker writes them: since the outbox renders at sending time, a test that
reads a row's texts before any worker ran renders them the same way (``render_row``)."""

from notifications.models import OutboundMail
from notifications.services import render_row


def rendered(mail: OutboundMail) -> OutboundMail:
    """``mail`` with the subject and bodies the worker stores when it sends it (not saved)."""
    if not mail.is_rendered:
        mail.subject, mail.body_text, mail.body_html = render_row(mail)
    return mail
