"""Sessions signed in through Django's ModelBackend now name candidates.backends' backend.

Django keeps the authentication backend's dotted path in each session and signs out a session
whose backend is no longer listed in AUTHENTICATION_BACKENDS. Moving the open sessions to the
new path keeps everyone signed in across the deploy that introduced it. Data only; reversible.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import migrations

DJANGO_BACKEND = "django.contrib.auth.backends.ModelBackend"
CANDIDATE_BACKEND = "candidates.backends.UserWithCandidateBackend"


def move_sessions(apps, schema_editor, *, source: str, target: str) -> None:
    Session = apps.get_model("sessions", "Session")
    # The configured engine signs and reads the rows as the running site will.
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    sessions = Session.objects.using(schema_editor.connection.alias)
    for session in sessions.iterator(chunk_size=1000):
        data = store.decode(session.session_data)  # {} for a row it cannot read
        if data.get(BACKEND_SESSION_KEY) == source:
            data[BACKEND_SESSION_KEY] = target
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def forwards(apps, schema_editor):
    move_sessions(apps, schema_editor, source=DJANGO_BACKEND, target=CANDIDATE_BACKEND)


def backwards(apps, schema_editor):
    move_sessions(apps, schema_editor, source=CANDIDATE_BACKEND, target=DJANGO_BACKEND)


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0005_field_names_in_french"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
