"""Checking a justification file by its content: the name and the browser's type are the
sender's word, the first bytes are not."""

import hashlib
import math
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

from registrations.errors import RegistrationError

# (signature, content type). Pillow comes with WeasyPrint; no system libmagic needed.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
WRONG_TYPE = (
    "Ce fichier n'est ni un PDF, ni une image JPEG ou PNG (son contenu a été vérifié, pas "
    "seulement son nom). Joignez votre justificatif au format PDF, JPEG ou PNG."
)


@dataclass(frozen=True)
class FileInfo:
    name: str
    content_type: str
    size: int
    sha256: str


def justification_inspect(upload: UploadedFile) -> FileInfo:
    """The file's checked metadata, or ``RegistrationError`` with a French message."""
    limit = settings.DEFERRAL_FILE_MAX_BYTES
    if not upload.size:
        raise RegistrationError("Le fichier envoyé est vide : joignez votre justificatif.")
    if upload.size > limit:
        raise RegistrationError(
            f"Le fichier est trop volumineux ({_megabytes(upload.size)}) : "
            f"{_megabytes(limit)} au plus. Réduisez-le (par exemple en le scannant en PDF) "
            "et joignez-le à nouveau."
        )
    upload.seek(0)
    head = upload.read(16)
    content_type = next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)
    if content_type is None:
        raise RegistrationError(WRONG_TYPE)
    if content_type != "application/pdf":
        _check_image(upload)
    info = FileInfo(
        name=(upload.name or "justificatif")[-255:],
        content_type=content_type,
        size=upload.size,
        sha256=_sha256(upload),
    )
    upload.seek(0)
    return info


def _check_image(upload: UploadedFile) -> None:
    # A JPEG or PNG header on a file that is not a readable image: refused like any other.
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise RegistrationError(
            "Cette image est illisible ou endommagée. Joignez votre justificatif au format "
            "PDF, JPEG ou PNG."
        ) from error


def _sha256(upload: UploadedFile) -> str:
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def _megabytes(size: int) -> str:
    # Rounded up, so that a file just over the limit never reads as exactly the limit.
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return f"{tenths // 10} Mo" if tenths % 10 == 0 else f"{tenths / 10:.1f} Mo".replace(".", ",")
