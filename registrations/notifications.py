"""Which e-mails each timeline event sends. Called by ``services.record_event`` inside the
transaction of the change; the outbox (notifications issue) makes the mails durable."""

from registrations.models import RegistrationEvent


def queue_mails_for_event(event: RegistrationEvent) -> None:
    """No mail is queued yet: the outbox and the mail templates come with their own change."""
