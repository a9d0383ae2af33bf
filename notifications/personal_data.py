"""« Télécharger mes données » : the mails sent to the candidate (loaded by the app's ready()).

Only rows addressed to the candidate (``candidate`` set) and only what says that a mail was
sent: date, subject, status. Not the bodies, and not the centre's mails about their request."""

from certifup.personal_data import register_section, rows
from notifications.models import OutboundMail


def _mails(candidate) -> list[dict]:
    mails = OutboundMail.objects.filter(candidate=candidate).order_by("created_at", "pk")
    return rows(mails, ["created_at", "recipient", "subject", "status", "sent_at"])


register_section("mails", _mails)
