"""One domain error: every service refuses a move with ``certifup.errors.DomainError`` and a
French message, so a view or an admin action catches one type, whatever app raised it. A
subclass exists only where a caller tells the case apart (``NoSeatLeft``, the duplicate
identity that sends the person to NUC recovery)."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.services import exam_offer_update
from candidates.corrections import correction_request_create
from candidates.services import DuplicateIdentityError, candidate_correct
from certifup.errors import DomainError
from deferrals.files import justification_inspect
from deferrals.services import deferral_reject
from payments.services import payment_record
from registrations.seats import NoSeatLeft
from registrations.services import registration_refuse

APPS = ["backoffice", "candidates", "centres", "certifup", "deferrals", "notifications",
        "payments", "registrations"]  # fmt: skip
EXCEPTION_CLASS = re.compile(r"^class (\w+)\((?:Exception|ValueError|RuntimeError)\)", re.M)

# Each service refuses before it reads anything: the arguments it never reaches are None.
REFUSALS = {
    "registrations": (
        lambda: registration_refuse(registration=None, actor=None, now=None, reason=" "),
        "Indiquez le motif du refus : il est communiqué au candidat.",
    ),
    "payments": (
        lambda: payment_record(
            registration=None,
            actor=None,
            now=None,
            amount=Decimal(100),
            method="bitcoin",
            received_on=datetime.date(2026, 3, 10),
        ),
        "Choisissez un mode de règlement valide.",
    ),
    "deferrals": (
        lambda: deferral_reject(deferral=None, actor=None, now=None, note=""),
        "Indiquez le motif du refus : il est communiqué au candidat.",
    ),
    "deferrals' files": (
        lambda: justification_inspect(SimpleUploadedFile("vide.pdf", b"")),
        "Le fichier envoyé est vide : joignez votre justificatif.",
    ),
    "candidates": (
        lambda: candidate_correct(candidate=None, actor=None, now=None, changes={"nuc": "1"}),
        "Champs non modifiables : nuc.",
    ),
    "candidates' corrections": (
        lambda: correction_request_create(
            candidate=None, field="email", proposed_value="", comment="", now=None
        ),
        "Ce champ ne fait pas l'objet d'une demande de correction.",
    ),
}


@pytest.mark.parametrize("refusal", REFUSALS.values(), ids=REFUSALS.keys())
def test_every_app_refuses_with_the_one_domain_error(refusal):
    call, message = refusal
    with pytest.raises(DomainError) as raised:
        call()
    assert raised.value.message == message


def test_the_back_office_refuses_with_it_too(db, centre_a, staff_b, now):
    offer = centre_a.offers.first()
    with pytest.raises(DomainError, match="n'est pas organisée par votre centre"):
        exam_offer_update(offer=offer, actor=staff_b, now=now, capacity=5, software=[])


def test_the_cases_a_caller_tells_apart_are_domain_errors():
    assert issubclass(NoSeatLeft, DomainError)
    assert issubclass(DuplicateIdentityError, DomainError)


def test_no_app_declares_another_refusal_type():
    root = Path(settings.BASE_DIR)
    declared = {
        f"{path.relative_to(root)}:{name}"
        for app in APPS
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
        for name in EXCEPTION_CLASS.findall(path.read_text(encoding="utf-8"))
    }
    assert declared == {
        "certifup/errors.py:DomainError",
        # Not a refused move but bad catalogue data (a code the calendar cannot serve), raised by
        # a module kept free of Django on purpose; the database constraint keeps it out.
        "centres/territories.py:UnknownDepartment",
        # An operator's command line (make backup / restore), not a service of the site.
        "certifup/backups.py:BackupError",
    }
