"""The deferral mails' wording, as the outbox will send it: who gets what, and what the
centres never get (the reason, the comment)."""

from types import SimpleNamespace

from django.conf import settings

from deferrals.services import deferral_accept, deferral_reject
from notifications.models import OutboundMail
from registrations.models import EventKind
from tests.deferrals.conftest import request
from tests.outbox import rendered


def deferral_mails_for_event(event) -> list[SimpleNamespace]:
    """The deferral mails the services queued with ``event``, as written in the outbox (the
    templates under templates/mail/deferral_*)."""
    rows = OutboundMail.objects.filter(event=event, template__startswith="deferral_")
    return [
        SimpleNamespace(to=(row.recipient,), subject=row.subject, body=row.body_text)
        for row in map(rendered, rows.order_by("pk"))
    ]


def test_a_request_mails_the_candidate_and_uppctsc(confirmed, candidate, now):
    deferral = request(confirmed, now=now)

    mails = deferral_mails_for_event(confirmed.events.get(kind=EventKind.DEFERRAL_REQUESTED))

    assert [mail.to for mail in mails] == [(candidate.email,), (settings.UPPCTSC_EMAIL,)]
    assert mails[0].subject == "Votre demande de report de l'épreuve E1 est reçue"
    assert "le report ne peut se faire qu'une fois" in mails[0].body
    assert "Motif : Absence pour raison médicale (certificat médical)." in mails[1].body
    assert f"/admin/deferrals/deferral/{deferral.pk}/change/" in mails[1].body


def test_an_acceptance_mails_the_candidate_and_both_centres_without_the_reason(
    confirmed, candidate, next_session, centre_a, centre_b, uppctsc, now
):
    deferral = request(confirmed, "E2", now=now)
    deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="", target_centre=centre_b)

    mails = deferral_mails_for_event(confirmed.events.get(kind=EventKind.DEFERRAL_DECIDED))

    assert [mail.to for mail in mails] == [
        (candidate.email,),
        (centre_a.email,),
        (centre_b.email,),
    ]
    assert mails[0].subject == "Report de l'épreuve E2 accepté"
    assert "session « Décembre 2026 », au centre « CFA Paris Est »" in mails[0].body
    for centre_mail in mails[1:]:
        assert "médical" not in centre_mail.body
        assert "Hospitalisée" not in centre_mail.body


def test_a_refusal_mails_the_candidate_only(confirmed, uppctsc, now):
    deferral = deferral_reject(
        deferral=request(confirmed, now=now), actor=uppctsc, now=now, note="Hors motif."
    )

    (mail,) = deferral_mails_for_event(confirmed.events.get(kind=EventKind.DEFERRAL_DECIDED))

    assert mail.subject == "Report de l'épreuve E1 refusé"
    assert "Note de l'UPPCTSC : Hors motif." in mail.body
    assert deferral.line.candidate.email in mail.to


def test_other_events_send_no_deferral_mail(confirmed):
    assert deferral_mails_for_event(confirmed.events.first()) == []


def test_deferral_mails_go_through_the_outbox_with_their_event(
    confirmed, candidate, next_session, centre_a, uppctsc, now
):
    from notifications.models import OutboundMail

    deferral = request(confirmed, now=now)
    requested = confirmed.events.get(kind=EventKind.DEFERRAL_REQUESTED)
    rows = [rendered(row) for row in OutboundMail.objects.filter(event=requested).order_by("pk")]
    assert [(row.recipient, row.template) for row in rows] == [
        (candidate.email, "deferral_received"),
        (settings.UPPCTSC_EMAIL, "deferral_requested_uppctsc"),
    ]
    assert rows[0].candidate == candidate and rows[1].candidate is None
    assert rows[0].subject == "Votre demande de report de l'épreuve E1 est reçue"
    assert "le report ne peut se faire qu'une fois" in rows[0].body_text
    assert "qu&#x27;une fois" in rows[0].body_html or "qu'une fois" in rows[0].body_html

    deferral_accept(deferral=deferral, actor=uppctsc, now=now, note="")
    decided = confirmed.events.get(kind=EventKind.DEFERRAL_DECIDED)
    recipients = list(
        OutboundMail.objects.filter(event=decided)
        .order_by("pk")
        .values_list("recipient", flat=True)
    )
    assert recipients == [candidate.email, centre_a.email]
