"""Subjects and text bodies are plain text: a name is written as typed (« O'Brien », never
« O&#x27;Brien »), while the HTML body still escapes it."""

import pytest

from tests.factories import CandidateFactory, submit
from tests.notifications.conftest import html_of

NAME = "O'Brien & Fils <x>"


@pytest.fixture
def obrien(db):
    return CandidateFactory(birth_name="N'Diaye", usage_name=NAME, first_names="Mariama")


def test_a_name_with_an_apostrophe_is_written_as_typed_in_subjects(
    obrien, centre_a, session, exams, now, sent, django_capture_on_commit_callbacks
):
    session.name = "Session d'été 2026"
    session.save(update_fields=["name"])
    with django_capture_on_commit_callbacks(execute=True):
        registration = submit(obrien, centre_a, session, exams[:1])
    ref = registration.reference
    [to_candidate] = sent(obrien.email)
    [to_centre] = sent(centre_a.email)
    assert to_candidate.subject == f"Demande {ref} reçue – Session d'été 2026"
    assert to_centre.subject == f"Nouvelle demande à traiter : {ref} – Mariama {NAME}"
    assert f"Candidat : Mariama {NAME} (NUC" in to_centre.body
    html = html_of(to_centre)
    assert "O&#x27;Brien &amp; Fils &lt;x&gt;" in html and "<x>" not in html
