"""How log records are written: one JSON object per line in production, plain text on a
developer's console. Used by the settings (LOGGING) and by gunicorn.conf.py, so that the
application's records and gunicorn's own (access, errors) come out the same way."""

import datetime
import json
import logging
from collections.abc import Mapping
from typing import Any

FORMATS = ("json", "text")


def log_format(environ: Mapping[str, str]) -> str:
    """LOG_FORMAT if set, else JSON in production; a value we do not know stops the start-up
    rather than falling back (logs an operator cannot parse are found too late)."""
    default = "json" if environ.get("CERTIFUP_ENV") == "production" else "text"
    chosen = environ.get("LOG_FORMAT", "").strip().lower() or default
    if chosen not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {chosen!r}.")
    return chosen


def logging_config(chosen: str, *, level: str) -> dict[str, Any]:
    """The settings' LOGGING: the root's records on stderr, in the format log_format chose."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "certifup.log_format.JsonFormatter"},
            "text": {"format": "%(message)s"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": chosen}},
        "root": {"handlers": ["console"], "level": level},
    }


class JsonFormatter(logging.Formatter):
    """One record, one line: a log collector (Docker's, journald, Loki…) keeps a traceback with
    the error it belongs to instead of splitting it into unrelated lines."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # json.dumps escapes newlines, so a message on several lines stays one line.
        return json.dumps(entry, ensure_ascii=False, default=str)
