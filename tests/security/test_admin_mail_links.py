"""UPPCTSC reads the outbox in the admin, but never the personal links of account mails: a
password-reset or verification link signs its reader in as the candidate."""

import pytest
from django.urls import reverse

from candidates import mails
from notifications.models import OutboundMail
from tests.outbox import rendered

pytestmark = pytest.mark.django_db

SENDERS = {
    "welcome": mails.send_welcome,
    "email_verification": mails.send_email_verification,
    "existing_account": mails.send_existing_account_notice,
    "password_reset": lambda candidate: mails.send_password_reset(candidate.user),
}


def change_page(client, mail: OutboundMail) -> str:
    url = reverse("admin:notifications_outboundmail_change", args=[mail.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("template", sorted(SENDERS))
def test_the_admin_masks_the_personal_link_of_an_account_mail(
    client, uppctsc, candidate, template
):
    SENDERS[template](candidate)
    mail = rendered(OutboundMail.objects.get(template=template))
    [link] = [
        value for key, value in mail.context.items() if key in ("verification_url", "reset_url")
    ]
    assert link in mail.body_text  # what the candidate gets
    client.force_login(uppctsc)

    page = change_page(client, mail)

    assert link not in page
    assert "Masqué : cet e-mail contient un lien personnel" in page
    assert mail.recipient in page and mail.subject in page  # who was told what, and when


def test_other_mails_stay_readable_in_the_admin(client, uppctsc, candidate):
    mails.send_nuc_reminder(candidate)
    mail = OutboundMail.objects.get(template="nuc_reminder")
    client.force_login(uppctsc)

    page = change_page(client, mail)

    assert candidate.nuc in page or candidate.display_nuc in page
    assert "Masqué" not in page
