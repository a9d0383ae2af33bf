"""Settings for ``make bench``: the project's settings on a dedicated PostgreSQL database, with
debug off and a fast password hasher for the bulk-generated users. Never used in production."""

import os
import warnings

os.environ.setdefault(
    "DATABASE_URL",
    os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/certifup_bench"),
)
os.environ.setdefault("DEBUG", "false")
# The real stack's broker, on a database of its own that the runner empties afterwards: the
# pages and the sweep hand their mails to Redis as production does (no worker consumes them).
os.environ.setdefault(
    "CELERY_BROKER_URL", os.environ.get("BENCH_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
)

from certifup.settings import *  # noqa: E402,F403
from certifup.settings import DATABASES  # noqa: E402

# Keep connections across requests, as production does (CONN_MAX_AGE=60 there).
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEBUG = False
# testserver: the in-process query count uses Django's test client.
ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
ROOT_URLCONF = "bench.urls"
# The 50,000 generated users share one precomputed hash; the benchmark never signs in through
# the login form (sessions are made directly), so the hasher only has to be fast to generate.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# WhiteNoise warns that collectstatic has not run: the benchmark serves no static file.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
