import pytest

from notifications.models import OutboundMail


@pytest.fixture
def sent(mailoutbox):
    """``sent(address)``: the messages delivered to that address, oldest first."""

    def to(address: str) -> list:
        return [message for message in mailoutbox if address in message.to]

    return to


def html_of(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def rows(template: str) -> list[OutboundMail]:
    return list(OutboundMail.objects.filter(template=template).order_by("pk"))
