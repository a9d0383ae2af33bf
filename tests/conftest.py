"""The standard cast: an open session, exams E1–E4, centres A and B offering them all, two
candidates, staff of each centre and UPPCTSC staff. Time is frozen at ``NOW``.

Every transactional test (``transaction=True``, ``live_server``, ``transactional_db``) runs with
``serialized_rollback=True``, added here when its marker does not say so. Such a test empties
every table when it ends, including the rows that data migrations load (départements), and
without the serialized restore its flush recreates content types under new ids, which breaks
the restore of the next ``serialized_rollback`` test (« duplicate key … django_content_type »,
depending on the order the tests run in).
"""

import datetime

import pytest
import time_machine

from tests.factories import (
    CandidateFactory,
    CentreFactory,
    ExamFactory,
    SessionFactory,
    StaffFactory,
    UppctscFactory,
    offers_for,
)

_DJANGO_DB_ARGUMENTS = (
    "transaction",
    "reset_sequences",
    "databases",
    "serialized_rollback",
    "available_apps",
)


def _with_serialized_rollback(item):
    """The item's django_db marker with ``serialized_rollback=True`` if it is transactional."""
    marker = item.get_closest_marker("django_db")
    arguments = dict(zip(_DJANGO_DB_ARGUMENTS, marker.args, strict=False)) if marker else {}
    arguments.update(marker.kwargs if marker else {})
    transactional = arguments.get("transaction") or {"live_server", "transactional_db"} & set(
        item.fixturenames
    )
    if not transactional or arguments.get("serialized_rollback"):
        return None
    return pytest.mark.django_db(**{**arguments, "transaction": True, "serialized_rollback": True})


def pytest_collection_modifyitems(config, items):
    for item in items:
        django_db = _with_serialized_rollback(item)
        if django_db is not None:
            # Prepended, so it is the closest django_db marker, the one pytest-django reads.
            item.add_marker(django_db, append=False)


# A Tuesday morning in Paris, far from holidays and daylight-saving changes.
NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The default PBKDF2 costs ~0.3 s per user; tests only need a hash that checks.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks handed to Celery run inline, so a committed mail is sent to the locmem outbox.
    The real-worker test (tests/notifications/test_real_worker.py) turns this off."""
    from certifup.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _exam_codes_from_e1():
    # So that each test's first exams are E1, E2… whatever ran before.
    ExamFactory.reset_sequence(1)


@pytest.fixture
def now():
    """Freeze the clock: factories (which read ``timezone.now()``) and services agree."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def session(db, now):
    return SessionFactory(name="Juin 2026")


@pytest.fixture
def exams(db):
    return ExamFactory.create_batch(4)


@pytest.fixture
def centre_a(db, session, exams):
    centre = CentreFactory(name="Lycée Voltaire", city="Paris")
    offers_for(centre=centre, session=session, exams=exams)
    return centre


@pytest.fixture
def centre_b(db, session, exams):
    centre = CentreFactory(name="CFA Paris Est", city="Paris")
    offers_for(centre=centre, session=session, exams=exams)
    return centre


@pytest.fixture
def candidate(db):
    return CandidateFactory()


@pytest.fixture
def other_candidate(db):
    return CandidateFactory()


@pytest.fixture
def staff_a(db, centre_a):
    return StaffFactory(centre=centre_a)


@pytest.fixture
def staff_b(db, centre_b):
    return StaffFactory(centre=centre_b)


@pytest.fixture
def uppctsc(db):
    return UppctscFactory()
