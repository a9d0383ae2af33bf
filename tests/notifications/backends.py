"""Mail backends that misbehave the way real providers do, for the outbox tests."""

import smtplib
import threading
import time

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class DisconnectedBackend(EmailBackend):
    """The SMTP server hangs up: a temporary failure, worth retrying."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingBackend(EmailBackend):
    """The provider refuses the address: retrying cannot help."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"No such user")})


class SlowBackend(EmailBackend):
    """Takes its time, so that two workers overlap for sure; counts every message sent."""

    lock = threading.Lock()

    def send_messages(self, messages):
        time.sleep(0.3)
        with self.lock:
            mail.outbox.extend(messages)
        return len(messages)
