"""gunicorn's settings for Certif-UP, in one place: the compose `web` service, the image's CMD,
docs/deployment.md and the bench all run `gunicorn certifup.wsgi --config gunicorn.conf.py`.
A command-line flag still wins over this file (the bench gives its own port and process count).

Environment: WEB_CONCURRENCY (worker processes), GUNICORN_THREADS (threads per process),
GUNICORN_BIND, GUNICORN_KEEPALIVE, GUNICORN_ACCESS_LOG, and LOG_FORMAT as in the settings."""

import os
from pathlib import Path

# gunicorn puts its working directory (the project's root) on sys.path before reading this file.
from certifup.log_format import log_format


def _positive_int(name: str, default: int) -> int:
    """Refuse a malformed value rather than start with a guess."""
    raw = os.environ.get(name, "").strip() or str(default)
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{name} must be a positive whole number, not {raw!r}.")
    return int(raw)


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Defaults as before this file (3 processes, one request each); docs/deployment.md says how many
# for a rush (the soak ran 2 × 4 threads).
workers = _positive_int("WEB_CONCURRENCY", 3)
threads = _positive_int("GUNICORN_THREADS", 1)
# gthread even with one thread: the sync worker closes every connection after its response
# (no keep-alive at all), so a proxy would open a new connection per request.
worker_class = "gthread"

# Longer than any proxy's idle timeout for its upstream connections (nginx's keepalive_timeout
# and the usual cloud balancers: 60 s), so that the proxy always closes an idle connection
# first. gunicorn's default, 2 s, closed connections the proxy (or a client) had just reused:
# 12 connection resets in the 10-minute soak.
keepalive = _positive_int("GUNICORN_KEEPALIVE", 75)
# With gthread this is the process's heartbeat, not a request's limit: a process whose main loop
# is stuck this long is killed and replaced. A slow request is cut by the proxy's read timeout.
timeout = 30
# On a restart or a stop (a release), requests in progress get this long to finish; the compose
# file's stop_grace_period is longer, so Docker does not SIGKILL them first.
graceful_timeout = 25

# One line per request on stdout, for the container's log (an empty value turns it off: the
# bench's figures are measured without it). Errors on stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
if log_format(os.environ) == "json":
    # gunicorn's own records (start-up, a worker killed by the heartbeat and its traceback, one
    # per request) as one JSON line each, like the application's. Not propagated: the worker's
    # Django logging has its own handler on the root logger, which would write them twice.
    _JSON_HANDLER = {"class": "logging.StreamHandler", "formatter": "json"}
    logconfig_dict = {
        "formatters": {"json": {"()": "certifup.log_format.JsonFormatter"}},
        "handlers": {
            "console": {**_JSON_HANDLER, "stream": "ext://sys.stdout"},
            "error_console": {**_JSON_HANDLER, "stream": "ext://sys.stderr"},
        },
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {
                "level": "INFO",
                "handlers": ["console"] if accesslog else [],
                "propagate": False,
            },
        },
    }
# The heartbeat file in memory: on a container's overlay filesystem a write can block long
# enough for the arbiter to kill a healthy worker (gunicorn's docs, « Blocking OS calls »).
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None

# gunicorn 25+ opens a control socket at a fixed path in the user's home
# (~/.gunicorn/gunicorn.ctl); nothing here uses it, and two gunicorns of one user (the tests',
# `make stack`'s, the bench's) would take it from each other.
control_socket_disable = True
