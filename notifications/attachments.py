"""Attachments are described in the outbox row and built when the mail is sent."""

from collections.abc import Callable, Mapping


def _registration_summary(spec: Mapping[str, object]) -> tuple[str, bytes, str]:
    from registrations.models import Registration
    from registrations.pdf import registration_summary_pdf

    registration = Registration.objects.get(pk=spec["registration_id"])
    filename = f"recapitulatif-{registration.reference}.pdf"
    return filename, registration_summary_pdf(registration), "application/pdf"


BUILDERS: dict[str, Callable[[Mapping[str, object]], tuple[str, bytes, str]]] = {
    "registration_summary": _registration_summary,
}


def build_attachment(spec: Mapping[str, object]) -> tuple[str, bytes, str]:
    return BUILDERS[str(spec["kind"])](spec)
