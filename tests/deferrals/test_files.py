"""What a justification may carry besides the document, and what is stored and served instead.

Each hostile file is built here (pikepdf, Pillow, bytes), sent through the « Demander un report »
form by the candidate, then read back from the private storage and through the one door UPPCTSC
opens it by.
"""

import io
import struct
import zlib

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pikepdf import Array, Dictionary, Name, String
from PIL import Image, PngImagePlugin

from deferrals.models import Deferral
from tests.deferrals.conftest import PDF
from tests.deferrals.test_views import post, text

SCRIPT = "app.alert('justificatif piégé')"
EXE = b"MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode.\r\r\n$" + bytes(64)
HTML = b"<html><body><script>fetch('/admin/')</script></body></html>"


@pytest.fixture
def as_candidate(client, candidate):
    client.force_login(candidate.user)
    return client


def upload(name: str, data: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_bytes() -> bytes:
    with Deferral.objects.get().justification.open("rb") as stored:
        return stored.read()


def expanded(pdf_bytes: bytes) -> bytes:
    """The PDF with every stream decompressed and no object streams, so that a name or a
    script anywhere in it shows in the bytes."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        out = io.BytesIO()
        pdf.save(
            out,
            qdf=True,
            compress_streams=False,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
        )
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------


def active_pdf() -> bytes:
    """One page that runs a script when opened, launches programs from a page trigger and a
    link, keeps a script in the document's name tree and carries an executable twice (in the
    document's attachments and in an annotation)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    script = Dictionary(S=Name.JavaScript, JS=String(SCRIPT))
    pdf.Root.OpenAction = pdf.make_indirect(script)
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("auto"), pdf.make_indirect(script)]))
    )
    pdf.attachments["certificat.exe"] = pikepdf.AttachedFileSpec(pdf, EXE)
    page = pdf.pages[0].obj
    page.AA = Dictionary(O=Dictionary(S=Name.Launch, F=String("cmd.exe")))
    link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([0, 0, 100, 100]),
        A=Dictionary(S=Name.Launch, F=String("calc.exe")),
    )
    attachment = Dictionary(
        Type=Name.Annot,
        Subtype=Name.FileAttachment,
        Rect=Array([100, 100, 120, 120]),
        FS=pikepdf.AttachedFileSpec(pdf, EXE, filename="lisez-moi.exe").obj,
    )
    page.Annots = Array([pdf.make_indirect(link), pdf.make_indirect(attachment)])
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_a_pdf_is_stored_without_its_scripts_actions_or_attachments(as_candidate, confirmed):
    sent = active_pdf()
    assert b"/OpenAction" in sent and b"/JavaScript" in sent  # the file is what it claims

    response = post(as_candidate, confirmed, upload("certificat.pdf", sent, "application/pdf"))

    assert response.status_code == 302
    stored = expanded(stored_bytes())
    for trace in (
        b"/OpenAction",
        b"/JavaScript",
        b"/JS",
        b"/AA",
        b"/Launch",
        b"/EmbeddedFile",
        b"/FileAttachment",
    ):
        assert trace not in stored, trace
    assert SCRIPT.encode() not in stored and b"cmd.exe" not in stored and EXE[:40] not in stored
    with pikepdf.open(io.BytesIO(stored_bytes())) as pdf:
        assert len(pdf.pages) == 1  # the document itself is kept
        assert list(pdf.pages[0].mediabox) == [0, 0, 595, 842]
        assert not pdf.attachments
        assert [str(a.Subtype) for a in pdf.pages[0].Annots] == ["/Link"]  # inert now


def test_bytes_appended_after_the_end_of_a_pdf_are_not_stored(as_candidate, confirmed):
    sent = upload("certificat.pdf", PDF + EXE, "application/pdf")

    response = post(as_candidate, confirmed, sent)

    assert response.status_code == 302
    stored = stored_bytes()
    assert b"This program cannot be run" not in stored
    assert stored.rstrip().endswith(b"%%EOF") and stored.count(b"%%EOF") == 1
    deferral = Deferral.objects.get()
    assert deferral.file_size == len(stored)  # the metadata describe what is kept


def encrypted_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (encrypted_pdf(), "Ce PDF est protégé par un mot de passe : il ne peut pas être vérifié."),
        (b"%PDF-1.7\n" + HTML, "Ce PDF est illisible ou endommagé."),
    ],
    ids=["password", "unreadable"],
)
def test_a_pdf_that_cannot_be_checked_is_refused_on_the_form(
    as_candidate, confirmed, private_storage, data, message
):
    response = post(as_candidate, confirmed, upload("certificat.pdf", data, "application/pdf"))

    assert response.status_code == 200
    assert message in text(response)
    assert not Deferral.objects.exists()
    assert not private_storage.exists() or not any(private_storage.rglob("*.*"))


# --- Images -----------------------------------------------------------------------------------


def photo(kind: str) -> bytes:
    """A 60×30 photo taken sideways (EXIF orientation 6: to be turned to 30×60), with HTML in
    its comment and after its end."""
    image = Image.new("RGB", (60, 30), (200, 30, 30))
    out = io.BytesIO()
    if kind == "JPEG":
        exif = Image.Exif()
        exif[0x0112] = 6
        image.save(out, "JPEG", comment=HTML, exif=exif)
    else:
        text_chunk = PngImagePlugin.PngInfo()
        text_chunk.add_text("Comment", HTML.decode())
        image.save(out, "PNG", pnginfo=text_chunk)
    return out.getvalue() + HTML


@pytest.mark.parametrize(
    ("kind", "content_type", "size"),
    [("JPEG", "image/jpeg", (30, 60)), ("PNG", "image/png", (60, 30))],
    ids=["jpeg", "png"],
)
def test_an_image_is_re_encoded_without_comment_metadata_or_trailing_bytes(
    as_candidate, confirmed, kind, content_type, size
):
    sent = photo(kind)
    assert sent.count(HTML) == 2

    response = post(as_candidate, confirmed, upload("attestation", sent, content_type))

    assert response.status_code == 302
    stored = stored_bytes()
    assert b"<script" not in stored and b"<html" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == (kind, size)  # upright, the same kind
        assert not image.getexif()
        assert "comment" not in image.info and "Comment" not in image.info
        assert image.getpixel((5, 5)) == pytest.approx((200, 30, 30), abs=6)


def claimed_size_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb's header)."""
    out = io.BytesIO()
    Image.new("1", (8, 8)).save(out, "PNG")
    data = bytearray(out.getvalue())
    header = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(data)


@pytest.mark.parametrize("pixels", [(10_000, 5_000), (20_000, 20_000)], ids=["50M", "400M"])
def test_an_image_with_too_many_pixels_is_refused_before_decoding(as_candidate, confirmed, pixels):
    data = claimed_size_png(*pixels)
    assert len(data) < 200

    response = post(as_candidate, confirmed, upload("scan.png", data, "image/png"))

    assert response.status_code == 200
    assert "Cette image compte trop de pixels pour être vérifiée (40 millions au plus)." in (
        text(response)
    )
    assert not Deferral.objects.exists()


# --- Served to UPPCTSC --------------------------------------------------------------------------


def test_the_justification_is_a_download_that_runs_nothing(
    as_candidate, confirmed, client, uppctsc
):
    name = 'Arrêt "maladie" Dupont.pdf'
    assert post(as_candidate, confirmed, upload(name, PDF, "application/pdf")).status_code == 302
    deferral = Deferral.objects.get()
    client.force_login(uppctsc)

    response = client.get(reverse("deferrals:justification", args=[deferral.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="justificatif-report-{deferral.pk}.pdf"'
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == stored_bytes()
    assert deferral.file_name == name  # still shown to UPPCTSC in the admin
