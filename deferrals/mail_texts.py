"""The deferral mails' wording (French, plain text). ``registrations.notifications`` puts
them in the outbox with the event that causes them, through the ``deferral`` mail template.

Centres are told what happens to the exam, never the reason or the candidate's comment
(health and employment data stay between the candidate and UPPCTSC).
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format

from deferrals.models import Deferral, DeferralStatus
from deferrals.selectors import deferral_for_event
from registrations.models import EventKind, RegistrationEvent


@dataclass(frozen=True)
class Mail:
    to: tuple[str, ...]
    subject: str
    body: str


def deferral_mails_for_event(event: RegistrationEvent) -> list[Mail]:
    """DEFERRAL_REQUESTED: candidate (« reçue ») and UPPCTSC (« nouvelle demande »).
    DEFERRAL_DECIDED: candidate, and on acceptance both centres. Other events: none."""
    if event.kind not in (EventKind.DEFERRAL_REQUESTED, EventKind.DEFERRAL_DECIDED):
        return []
    deferral = deferral_for_event(event)
    if deferral is None:
        return []
    if event.kind == EventKind.DEFERRAL_REQUESTED:
        return [request_received(deferral), request_for_uppctsc(deferral)]
    return [decision_for_candidate(deferral), *decision_for_centres(deferral)]


def _describe(deferral: Deferral) -> str:
    line = deferral.line
    return (
        f"l'épreuve {line.exam.code} – {line.exam.title} de la session « {line.session} » "
        f"(demande {line.registration.reference}, centre « {line.registration.centre.name} »)"
    )


def _account_link() -> str:
    return settings.SITE_URL + reverse("registrations:mine")


def request_received(deferral: Deferral) -> Mail:
    candidate = deferral.line.candidate
    return Mail(
        to=(candidate.email,),
        subject=f"Votre demande de report de l'épreuve {deferral.line.exam.code} est reçue",
        body=(
            f"Bonjour {candidate.full_name},\n\n"
            f"Nous avons bien reçu votre demande de report de {_describe(deferral)}, "
            f"le {date_format(deferral.requested_at, 'j F Y')}, avec votre justificatif.\n\n"
            "L'UPPCTSC l'examine et vous informera de sa décision par e-mail. Pour rappel, le "
            "report ne peut se faire qu'une fois et uniquement sur la session suivante ; une "
            "inscription validée n'est ni annulée ni remboursée.\n\n"
            f"Vous suivez votre demande dans « Mes inscriptions » : {_account_link()}"
        ),
    )


def request_for_uppctsc(deferral: Deferral) -> Mail:
    candidate = deferral.line.candidate
    url = settings.SITE_URL + reverse("admin:deferrals_deferral_change", args=[deferral.pk])
    return Mail(
        to=(settings.UPPCTSC_EMAIL,),
        subject=f"Nouvelle demande de report – {candidate} – {deferral.line.exam.code}",
        body=(
            f"{candidate} demande le report de {_describe(deferral)}.\n\n"
            f"Motif : {deferral.get_reason_display()}.\n"
            "Le justificatif et le commentaire sont consultables dans l'administration "
            f"(accès enregistré) : {url}"
        ),
    )


def decision_for_candidate(deferral: Deferral) -> Mail:
    candidate = deferral.line.candidate
    code = deferral.line.exam.code
    if deferral.status == DeferralStatus.ACCEPTED:
        new = deferral.carried_over_line.registration
        subject = f"Report de l'épreuve {code} accepté"
        decision = (
            f"L'UPPCTSC a accepté le report de {_describe(deferral)}. L'épreuve est reportée à "
            f"la session « {new.session} », au centre « {new.centre.name} » ({new.centre.city}), "
            f"sans nouveau règlement (demande {new.reference}). Ce report ne pourra pas être "
            "renouvelé."
        )
    else:
        subject = f"Report de l'épreuve {code} refusé"
        decision = (
            f"L'UPPCTSC a refusé le report de {_describe(deferral)}. Votre inscription reste "
            "validée : elle n'est ni annulée ni remboursée."
        )
    note = f"\n\nNote de l'UPPCTSC : {deferral.decision_note}" if deferral.decision_note else ""
    return Mail(
        to=(candidate.email,),
        subject=subject,
        body=(
            f"Bonjour {candidate.full_name},\n\n{decision}{note}\n\n"
            f"Votre demande et son historique : {_account_link()}"
        ),
    )


def decision_for_centres(deferral: Deferral) -> list[Mail]:
    """Only an acceptance changes anything for the centres: one mail to each centre involved."""
    if deferral.status != DeferralStatus.ACCEPTED:
        return []
    line = deferral.line
    new = deferral.carried_over_line.registration
    centres = {line.registration.centre, new.centre}
    subject = (
        f"Épreuve {line.exam.code} de {line.candidate} reportée à la session « {new.session} »"
    )
    body = (
        f"L'UPPCTSC a accepté le report de {_describe(deferral)} de {line.candidate}.\n\n"
        f"La place de la session « {line.session} » est libérée. L'épreuve est reportée à la "
        f"session « {new.session} », au centre « {new.centre.name} », sans nouveau règlement "
        f"(demande {new.reference}, confirmée)."
    )
    if deferral.capacity_overridden:
        body += "\n\nLa capacité de l'épreuve a été augmentée d'une place pour ce report."
    return [
        Mail(to=(centre.email,), subject=subject, body=body)
        for centre in sorted(centres, key=lambda c: c.pk)
    ]
