"""The whole demo in one transaction, in the order its parts need each other."""

import datetime
from collections.abc import Callable

from django.db import transaction

from backoffice.demo.accounts import accounts_load
from backoffice.demo.catalogue import catalogue_load
from backoffice.demo.closure import year_end_closure_declare
from backoffice.demo.requests import requests_load
from backoffice.demo.sessions import sessions_load
from backoffice.demo.waiting import waiting_load
from centres.models import Session


def demo_load(*, now: datetime.datetime, warn: Callable[[str], object]) -> Session:
    """Load (or bring back) the demo and return its open session. ``warn`` is told of each
    request or waiting entry left alone because someone played with the demo accounts."""
    with transaction.atomic():
        sessions = sessions_load(now=now)
        catalogue_load(sessions=sessions)
        accounts = accounts_load(now=now)
        requests_load(accounts=accounts, session=sessions["open"], now=now, warn=warn)
        year_end_closure_declare(accounts=accounts, now=now)
        waiting_load(accounts=accounts, session=sessions["open"], now=now, warn=warn)
    return sessions["open"]
