"""The demo's people: UPPCTSC's superuser, the centres' staff and the candidates, and the logins
the README lists (printed at the end of ``load_demo``)."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError

from backoffice.demo.catalogue import centre_domain
from backoffice.demo_data import (
    CANDIDATE_PASSWORD,
    CENTRE_PASSWORD,
    CENTRE_STAFF,
    LUCAS,
    MARIE,
    OTHER_CANDIDATES,
    PARIS,
    UPPCTSC_PASSWORD,
    UPPCTSC_USERNAME,
    DemoCandidate,
)
from candidates.models import Candidate, User
from candidates.nuc import format_nuc
from candidates.services import candidate_create
from centres.models import Centre, CentreMembership, Session
from certifup.errors import DomainError
from registrations.times import registration_closing_text


@dataclass(frozen=True)
class Accounts:
    """Who acts in the demo: the requests, the closure and the waiting list need them."""

    uppctsc: User
    centre_staff: dict[str, User]  # by centre name
    candidates: dict[int, Candidate]  # by NUC sequence


def accounts_load(*, now: datetime.datetime) -> Accounts:
    hashes: dict[str, str] = {}  # by password, for this run: see _hash
    uppctsc = _user(
        UPPCTSC_USERNAME,
        UPPCTSC_PASSWORD,
        hashes,
        first_name="Accueil",
        last_name="UPPCTSC",
        email="accueil@union-prof.asso.fr",
        is_staff=True,
        is_superuser=True,
    )
    if not (uppctsc.is_staff and uppctsc.is_superuser):
        uppctsc.is_staff = uppctsc.is_superuser = True
        uppctsc.save(update_fields=["is_staff", "is_superuser"])
    centre_staff: dict[str, User] = {}
    for username, centre_name, first_name, last_name in CENTRE_STAFF:
        centre = Centre.objects.get(name=centre_name)
        user = _user(
            username, CENTRE_PASSWORD, hashes, first_name=first_name, last_name=last_name,
            email=f"{username.replace('.', '-')}@{centre_domain(centre_name)}",
        )  # fmt: skip
        CentreMembership.objects.get_or_create(user=user, centre=centre)
        centre_staff[centre_name] = user
    candidates = {
        spec.sequence: _candidate(spec, hashes, now=now)
        for spec in (MARIE, LUCAS, *OTHER_CANDIDATES)
    }
    return Accounts(uppctsc=uppctsc, centre_staff=centre_staff, candidates=candidates)


def logins_text(open_session: Session) -> str:
    lines = [
        "",
        "Comptes de démonstration",
        "------------------------",
        f"Candidat : NUC {format_nuc(MARIE.nuc)} / mot de passe {CANDIDATE_PASSWORD}"
        f" (Marie DUPONT, Papeete, aucune demande en cours)",
        f"Candidat : NUC {format_nuc(LUCAS.nuc)} / mot de passe {CANDIDATE_PASSWORD}"
        f" (Lucas MARTIN, inscription confirmée à Paris)",
        f"Centre TAHITIPLUS (Papeete) : staff.tahiti / {CENTRE_PASSWORD} (/centre/)",
        f"Centre {PARIS} (Paris) : staff.paris / {CENTRE_PASSWORD} (/centre/)",
        f"UPPCTSC : {UPPCTSC_USERNAME} / {UPPCTSC_PASSWORD} (/admin/)",
        f"Session ouverte : {open_session.name}, demandes à soumettre "
        f"{registration_closing_text(open_session)}.",
    ]
    return "\n".join(lines)


def _user(username: str, password: str, hashes: dict[str, str], **fields) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        # Existing accounts keep their password: a second run must not undo a change.
        user = User.objects.create(username=username, password=_hash(password, hashes), **fields)
    return user


def _hash(password: str, hashes: dict[str, str]) -> str:
    # Half a second per hash: demo accounts sharing a password share its hash.
    if password not in hashes:
        hashes[password] = make_password(password)
    return hashes[password]


def _candidate(
    spec: DemoCandidate, hashes: dict[str, str], *, now: datetime.datetime
) -> Candidate:
    existing = Candidate.objects.filter(nuc=spec.nuc).first()
    if existing is not None:
        return existing
    try:
        candidate = candidate_create(
            nuc=spec.nuc, birth_name=spec.birth_name, usage_name=spec.usage_name,
            first_names=spec.first_names, birth_date=spec.birth_date, email=spec.email,
            phone=spec.phone, address=spec.address, postal_code=spec.postal_code,
            city=spec.city, password=None, now=now,
        )  # fmt: skip
    except DomainError as error:
        message = f"Candidat de démonstration {spec.nuc} : {error.message}"
        raise CommandError(message) from error
    if spec.password:
        candidate.user.password = _hash(spec.password, hashes)
        candidate.user.save(update_fields=["password"])
    # Demo addresses are verified, so the README's walk-through can submit a request.
    candidate.email_verified_at = now
    candidate.save(update_fields=["email_verified_at"])
    return candidate
