"""« Télécharger mes données » : the mails sent to the candidate (loaded by the app's ready()).

Only rows addressed to the candidate (``candidate`` set) and only what says that a mail was
sent: date, subject, status. Not the bodies, and not the centre's mails about their request.
A mail not sent yet has its subject as the worker will write it."""

from certifup.personal_data import register_section, rows
from notifications.models import OutboundMail
from notifications.services import mail_subject


def _mails(candidate) -> list[dict]:
    mails = list(OutboundMail.objects.filter(candidate=candidate).order_by("created_at", "pk"))
    for mail in mails:
        mail.subject = mail_subject(mail)
    return rows(mails, ["created_at", "recipient", "subject", "status", "sent_at"])


register_section("mails", _mails)
