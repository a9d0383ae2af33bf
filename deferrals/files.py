"""Checking a justification file by its content, and keeping only the document.

The name and the browser's type are the sender's word, the first bytes are not. A file that
passes is then rebuilt, and the rebuilt bytes are what is stored: a PDF is re-saved by pikepdf
without what a viewer would run or open by itself, an image is re-encoded by Pillow from its
pixels alone. A script, an attached executable, bytes appended after the end of the file or HTML
in an image comment thus never reach UPPCTSC's computer (health and employment data, opened by
staff who trust the site).
"""

import hashlib
import io
import math
import warnings
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from certifup.errors import DomainError

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
PDF_UNREADABLE = (
    "Ce PDF est illisible ou endommagé. Enregistrez-le à nouveau (ou scannez le document) et "
    "joignez-le, ou joignez une photo au format JPEG ou PNG."
)
PDF_PROTECTED = (
    "Ce PDF est protégé par un mot de passe : il ne peut pas être vérifié. Joignez-le sans "
    "mot de passe (par exemple en l'imprimant en PDF), ou joignez une photo au format JPEG "
    "ou PNG."
)
IMAGE_UNREADABLE = (
    "Cette image est illisible ou endommagée. Joignez votre justificatif au format "
    "PDF, JPEG ou PNG."
)
# A 40-megapixel photo, or an A4 page scanned at 600 dpi (35 Mpx), is decoded in ~160 Mo of
# memory; more is refused before decoding (a few kilobytes can claim billions of pixels).
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_TOO_LARGE = (
    "Cette image compte trop de pixels pour être vérifiée (40 millions au plus). Réduisez sa "
    "définition, ou scannez le document en PDF, et joignez-la à nouveau."
)

# Actions: going to a page of the document itself is all a justification needs.
SAFE_ACTIONS = {"/GoTo"}
# Annotations that carry a file or a player rather than a mark on the page.
ACTIVE_ANNOTATIONS = {"/FileAttachment", "/Screen", "/Movie", "/Sound", "/RichMedia", "/3D"}


@dataclass(frozen=True)
class FileInfo:
    name: str
    content_type: str
    size: int
    sha256: str
    content: bytes  # the document to store: rebuilt, never the bytes sent


def justification_inspect(upload: UploadedFile) -> FileInfo:
    """The checked, rebuilt document, or ``DomainError`` with a French message."""
    limit = settings.DEFERRAL_FILE_MAX_BYTES
    if not upload.size:
        raise DomainError("Le fichier envoyé est vide : joignez votre justificatif.")
    if upload.size > limit:
        raise DomainError(
            f"Le fichier est trop volumineux ({_megabytes(upload.size)}) : "
            f"{_megabytes(limit)} au plus. Réduisez-le (par exemple en le scannant en PDF) "
            "et joignez-le à nouveau."
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    content_type = next((kind for magic, kind in SIGNATURES if data.startswith(magic)), None)
    if content_type is None:
        raise DomainError(WRONG_TYPE)
    if content_type == "application/pdf":
        content = _rebuilt_pdf(data)
    else:
        content = _rebuilt_image(data, content_type=content_type)
    return FileInfo(
        name=(upload.name or "justificatif")[-255:],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )


# --- PDF --------------------------------------------------------------------------------------


def _rebuilt_pdf(data: bytes) -> bytes:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            _strip_active_content(pdf)
            out = io.BytesIO()
            # Written afresh from the objects the document uses: whatever was appended after
            # %%EOF, or left unreferenced, is not copied. A PDF that opened without a password
            # (restrictions only) is written without its encryption, so it can be read again.
            pdf.save(out, encryption=False)
    except pikepdf.PasswordError as error:
        raise DomainError(PDF_PROTECTED) from error
    except (pikepdf.PdfError, ValueError, KeyError, TypeError) as error:
        raise DomainError(PDF_UNREADABLE) from error
    return out.getvalue()


def _strip_active_content(pdf: pikepdf.Pdf) -> None:
    """Removes what a viewer runs or opens: the opening action, the triggers (/AA) of the
    document, pages, annotations and fields, every action but « go to page » (JavaScript,
    Launch, URI, SubmitForm…), the JavaScript and EmbeddedFiles name trees, embedded files,
    attachment and media annotations, and XFA forms (which carry scripts)."""
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        _delete(names, "/JavaScript", "/EmbeddedFiles")
    acroform = pdf.Root.get("/AcroForm")
    if isinstance(acroform, pikepdf.Dictionary):
        _delete(acroform, "/XFA")
    for dictionary in _dictionaries(pdf):
        _delete(dictionary, "/OpenAction", "/AA", "/JS", "/Next", "/EF")
        if _is_active_action(dictionary.get("/A")):
            del dictionary["/A"]
        annots = dictionary.get("/Annots")
        if isinstance(annots, pikepdf.Array):
            kept = [a for a in annots if not _is_active_annotation(a)]
            if len(kept) != len(annots):
                dictionary["/Annots"] = pikepdf.Array(kept)


def _dictionaries(pdf: pikepdf.Pdf):
    """Every dictionary (and stream dictionary) reachable from the trailer, each once; a
    dictionary's children are visited after the caller has changed it."""
    seen: set[tuple[int, int]] = set()
    stack = [pdf.trailer]
    while stack:
        obj = stack.pop()
        if not isinstance(obj, pikepdf.Object):
            continue  # a number or a boolean, given as Python's own
        if obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            yield obj
            stack.extend(value for _, value in obj.items())
        elif isinstance(obj, pikepdf.Array):
            stack.extend(obj)


def _is_active_action(value) -> bool:
    # A structure element's /A holds attributes, not an action (no /S): kept.
    if not isinstance(value, pikepdf.Dictionary) or "/S" not in value:
        return False
    return str(value.S) not in SAFE_ACTIONS


def _is_active_annotation(annotation) -> bool:
    return (
        isinstance(annotation, pikepdf.Dictionary)
        and str(annotation.get("/Subtype")) in ACTIVE_ANNOTATIONS
    )


def _delete(dictionary, *keys: str) -> None:
    for key in keys:
        if key in dictionary:
            del dictionary[key]


# --- Images -----------------------------------------------------------------------------------

PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
# What each format stores as it is; anything else (palette, CMYK in a PNG…) is converted.
KEPT_MODES = {"JPEG": {"L", "RGB", "CMYK"}, "PNG": {"1", "L", "LA", "RGB", "RGBA", "I;16"}}


def _rebuilt_image(data: bytes, *, content_type: str) -> bytes:
    """Re-encoded from the pixels alone, turned the way EXIF said: no comment, metadata,
    thumbnail or trailing bytes survive."""
    kind = PILLOW_FORMATS[content_type]
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its two limits: a refusal here too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                if image.width * image.height > IMAGE_MAX_PIXELS:
                    raise DomainError(IMAGE_TOO_LARGE)
                image.load()
                upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise DomainError(IMAGE_TOO_LARGE) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        # A JPEG or PNG header on a file that is not a readable image: refused like any other.
        raise DomainError(IMAGE_UNREADABLE) from error
    return _encoded(upright, kind=kind)


def _encoded(image: Image.Image, *, kind: str) -> bytes:
    if image.mode not in KEPT_MODES[kind]:
        image = image.convert("RGB" if kind == "JPEG" else "RGBA")
    # The encoders copy some of these (a JPEG comment, an ICC profile) from the source.
    image.info = {}
    out = io.BytesIO()
    if kind == "JPEG":
        image.save(out, format="JPEG", quality=85)
    else:
        image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _megabytes(size: int) -> str:
    # Rounded up, so that a file just over the limit never reads as exactly the limit.
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return f"{tenths // 10} Mo" if tenths % 10 == 0 else f"{tenths / 10:.1f} Mo".replace(".", ",")
