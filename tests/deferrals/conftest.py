"""A confirmed registration of ``candidate`` at centre A (E1, E2) in the open session, a next
session where centre A offers E1 only and centre B offers E1 and E2, and real files."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from deferrals.models import Reason
from deferrals.services import deferral_request
from registrations.models import RegistrationExam
from tests.factories import SessionFactory, advance, offers_for, submit

# A minimal, valid one-page PDF (as a scanner would send, only smaller).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_file(name: str = "certificat-medical.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png_file(name: str = "attestation.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), color=(200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def exe_file(name: str = "certificat.pdf") -> SimpleUploadedFile:
    # A Windows executable's header, renamed and announced as a PDF.
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03" + bytes(200), content_type="application/pdf")


def big_pdf_file() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "scan.pdf", PDF + b"0" * (5 * 1024 * 1024), content_type="application/pdf"
    )


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Justifications go to a throw-away folder, never to the developer's var/private."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    return tmp_path / "private"


@pytest.fixture
def next_session(db, session, exams, centre_a, centre_b):
    following = SessionFactory(
        name="Décembre 2026",
        upcoming=True,
        exams_start_on=session.exams_start_on + datetime.timedelta(weeks=26),
    )
    offers_for(centre=centre_a, session=following, exams=exams[:1])
    offers_for(centre=centre_b, session=following, exams=exams[:2])
    return following


@pytest.fixture
def confirmed(candidate, centre_a, session, exams, staff_a, now):
    registration = submit(candidate, centre_a, session, exams[:2], now)
    return advance(registration, to="confirmed", actor=staff_a, now=now)


def line_of(registration, code: str) -> RegistrationExam:
    """Read afresh, with its registration and session as they are in the database now."""
    return RegistrationExam.objects.get(registration=registration, exam__code=code)


def request(registration, code="E1", *, now, file=None, reason=Reason.MEDICAL):
    return deferral_request(
        line=line_of(registration, code),
        reason=reason,
        file=file or pdf_file(),
        comment="Hospitalisée la semaine des épreuves.",
        actor=registration.candidate.user,
        now=now,
    )
