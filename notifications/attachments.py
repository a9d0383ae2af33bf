"""Attachments are described in the outbox row and built when the mail is sent.

Notifications imports no domain app: the app that attaches a kind of document registers its
builder here when it starts (registrations: the PDF summary, in RegistrationsConfig.ready)."""

from collections.abc import Callable, Mapping
from typing import Any

Builder = Callable[[Mapping[str, Any]], tuple[str, bytes, str]]
BUILDERS: dict[str, Builder] = {}


def register_attachment(kind: str, build: Builder) -> None:
    """``build(spec)`` returns (file name, content, MIME type) for ``{"kind": kind, …}``."""
    BUILDERS[kind] = build


def build_attachment(spec: Mapping[str, Any]) -> tuple[str, bytes, str]:
    return BUILDERS[str(spec["kind"])](spec)
