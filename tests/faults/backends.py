"""A mail backend slow enough for a worker to be killed in the middle of a batch."""

import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    """Waits, then writes: a worker killed while waiting has sent nothing."""

    def send_messages(self, messages):
        time.sleep(0.4)
        return super().send_messages(messages)
