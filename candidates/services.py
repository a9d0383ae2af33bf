"""Candidate accounts: NUC allocation and sign-up, each in one transaction."""

import datetime
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from candidates import hooks, mails
from candidates.identity import identity_key
from candidates.models import (
    CONTACT_FIELDS,
    IDENTITY_FIELDS,
    TRAINING_FIELDS,
    Candidate,
    CandidateCorrection,
    NucSequence,
    User,
)
from candidates.nuc import format_nuc, is_valid_new_nuc, make_nuc, normalise_nuc
from certifup.errors import DomainError

_LAST_SEQUENCE = 999_999  # six digits in a NUC


class DuplicateIdentityError(DomainError):
    """Invariant 6: the person already has an account. A public page must not say so (it would
    reveal that the account exists): it sends the NUC recovery mail instead."""


def nuc_allocate(*, now: datetime.datetime) -> str:
    """The next NUC of the year. The counter row is locked, so concurrent sign-ups never share a
    number, and a rolled-back sign-up gives its number back (no gaps)."""
    year = now.year % 100
    with transaction.atomic():
        NucSequence.objects.get_or_create(year=year)
        sequence = NucSequence.objects.select_for_update().get(year=year)
        if sequence.last_value >= _LAST_SEQUENCE:
            raise DomainError(f"Plus aucun NUC disponible pour l'année {year:02d}.")
        sequence.last_value += 1
        sequence.save(update_fields=["last_value"])
    return make_nuc(year=year, sequence=sequence.last_value)


def candidate_create(
    *,
    nuc: str | None = None,
    birth_name: str,
    usage_name: str,
    first_names: str,
    birth_date: datetime.date,
    email: str,
    phone: str = "",
    address: str = "",
    postal_code: str = "",
    city: str = "",
    password: str | None,
    now: datetime.datetime,
) -> Candidate:
    """Create the account (user + candidate). ``nuc`` is given for imported or demo candidates;
    otherwise a new one is allocated. ``password=None`` leaves the password unusable."""
    key = identity_key(birth_name=birth_name, first_names=first_names, birth_date=birth_date)
    # Hashing takes a noticeable fraction of a second: do it before the NUC counter is locked.
    encoded_password = make_password(password)
    with transaction.atomic():
        if nuc is None:
            nuc = nuc_allocate(now=now)
        else:
            nuc = normalise_nuc(nuc)
            _keep_sequence_ahead_of(nuc)
        try:
            with transaction.atomic():
                user = User.objects.create(
                    username=nuc,
                    email=User.objects.normalize_email(email.strip()),
                    password=encoded_password,
                )
                candidate = Candidate.objects.create(
                    user=user,
                    nuc=nuc,
                    identity_key=key,
                    birth_name=birth_name.strip(),
                    usage_name=usage_name.strip(),
                    first_names=first_names.strip(),
                    birth_date=birth_date,
                    email=user.email,
                    phone=phone.strip(),
                    address=address.strip(),
                    postal_code=postal_code.strip(),
                    city=city.strip(),
                )
        except IntegrityError as error:
            refusal = _refusal(nuc=nuc, key=key)
            if refusal is None:
                raise
            raise refusal from error
    return candidate


def _keep_sequence_ahead_of(nuc: str) -> None:
    """A NUC given from outside (demo data, import) must never be allocated again later."""
    if not is_valid_new_nuc(nuc):
        return  # an imported NUC of the previous system's format cannot collide with new ones
    year, sequence = int(nuc[:2]), int(nuc[2:8])
    NucSequence.objects.get_or_create(year=year)
    # Conditional UPDATE: it only ever moves the counter forward, even with concurrent callers.
    NucSequence.objects.filter(year=year, last_value__lt=sequence).update(last_value=sequence)


def _refusal(*, nuc: str, key: str) -> DomainError | None:
    if Candidate.objects.filter(identity_key=key).exists():
        return DuplicateIdentityError(
            "Un compte existe déjà pour cette personne (même nom de naissance, prénom et date "
            "de naissance). Retrouvez votre NUC plutôt que de créer un second compte."
        )
    if User.objects.filter(username=nuc).exists():
        return DomainError(f"Le NUC {format_nuc(nuc)} est déjà attribué.")
    return None


def candidate_update_details(*, candidate: Candidate, data: dict) -> Candidate:
    """The candidate completes their form. Identity changes only until the first request: after
    that it goes to certificates and the Caisse des Dépôts, and only staff correct it."""
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().select_related("user").get(pk=candidate.pk)
        return candidate_apply_details(
            candidate=locked, data=data, identity_locked=hooks.identity_locked(locked)
        )


def candidate_apply_details(
    *, candidate: Candidate, data: Mapping[str, object], identity_locked: bool
) -> Candidate:
    """``candidate_update_details`` on a candidate the caller has locked and read afresh, in the
    caller's transaction (``registration_submit`` does, before it checks the invariants; it
    reads ``identity_locked``, whether the candidate has any request, under that lock). Only
    the fields that change are written, none when the form repeats the record. A new address
    is sent its verification link, queued in that transaction."""
    fields = [*CONTACT_FIELDS, *TRAINING_FIELDS]
    if not identity_locked:
        fields += IDENTITY_FIELDS
    saved = [*fields, "training_body", "identity_key", "email_verified_at"]
    before = {name: getattr(candidate, name) for name in saved}
    for name in fields:
        if name in data:
            value = data[name]
            setattr(candidate, name, value.strip() if isinstance(value, str) else value)
    if not candidate.is_trainee:
        candidate.training_body = ""
    email_changed = candidate.user.email != candidate.email
    if email_changed:
        # A new address must be verified again before the next submission.
        candidate.email_verified_at = None
    candidate.identity_key = identity_key(
        birth_name=candidate.birth_name,
        first_names=candidate.first_names,
        birth_date=candidate.birth_date,
    )
    _save_changes(candidate, [name for name in saved if getattr(candidate, name) != before[name]])
    if email_changed:
        candidate.user.email = candidate.email
        candidate.user.save(update_fields=["email"])
        mails.send_email_verification(candidate)
    return candidate


def _save_changes(candidate: Candidate, fields: list[str]) -> None:
    if not fields:
        return
    if "identity_key" not in fields:  # invariant 6's unique key unchanged: nothing can clash
        candidate.save(update_fields=fields)
        return
    try:
        with transaction.atomic():
            candidate.save(update_fields=fields)
    except IntegrityError as error:
        raise DuplicateIdentityError(
            "Ces nom, prénom et date de naissance sont ceux d'un autre compte : "
            f"écrivez à {settings.UPPCTSC_EMAIL} pour retrouver votre NUC."
        ) from error


CORRECTABLE_FIELDS = (*IDENTITY_FIELDS, *CONTACT_FIELDS)


def candidate_correct(
    *, candidate: Candidate, actor: User, now: datetime.datetime, changes: dict, reason: str = ""
) -> list[CandidateCorrection]:
    """A centre or UPPCTSC corrects a candidate's data. Each changed field writes one row of
    the trail (old and new value) in the same transaction as the change."""
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise DomainError(f"Champs non modifiables : {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        corrections = []
        for name, value in changes.items():
            value = value.strip() if isinstance(value, str) else value
            old = getattr(candidate, name)
            if old == value:
                continue
            setattr(candidate, name, value)
            corrections.append(
                CandidateCorrection(
                    candidate=candidate,
                    field=name,
                    old_value=_as_text(old),
                    new_value=_as_text(value),
                    reason=reason.strip(),
                    corrected_by=actor,
                    corrected_at=now,
                )
            )
        if not corrections:
            return []
        candidate.identity_key = identity_key(
            birth_name=candidate.birth_name,
            first_names=candidate.first_names,
            birth_date=candidate.birth_date,
        )
        fields = [correction.field for correction in corrections]
        try:
            with transaction.atomic():
                candidate.save(update_fields=[*fields, "identity_key"])
        except IntegrityError as error:
            raise DuplicateIdentityError(
                "Ces nom, prénom et date de naissance sont déjà ceux d'un autre candidat : "
                "vérifiez la correction ou contactez l'UPPCTSC."
            ) from error
        if "email" in fields:
            candidate.user.email = candidate.email
            candidate.user.save(update_fields=["email"])
        return CandidateCorrection.objects.bulk_create(corrections)


def _as_text(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else str(value)
