"""Attachments are described in the outbox row and built when the mail is sent.

Notifications imports no domain app: the app that attaches a kind of document registers its
builder here when it starts (registrations: the PDF summary, in RegistrationsConfig.ready)."""

from collections.abc import Callable, Mapping
from typing import Any

Builder = Callable[[Mapping[str, Any]], tuple[str, bytes, str]]
BUILDERS: dict[str, Builder] = {}
LABELS: dict[str, str] = {}


def register_attachment(kind: str, build: Builder, *, label: str) -> None:
    """``build(spec)`` returns (file name, content, MIME type) for ``{"kind": kind, …}``;
    ``label`` is what the outbox admin shows for it."""
    BUILDERS[kind] = build
    LABELS[kind] = label


def attachment_label(spec: Mapping[str, Any]) -> str:
    kind = str(spec.get("kind", ""))
    return LABELS.get(kind, kind)


def build_attachment(spec: Mapping[str, Any]) -> tuple[str, bytes, str]:
    return BUILDERS[str(spec["kind"])](spec)
