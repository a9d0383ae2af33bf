"""The correction trail: every change a centre or UPPCTSC makes to a candidate's data."""

import datetime

import pytest

from candidates.identity import identity_key
from candidates.models import CandidateCorrection
from candidates.services import DuplicateIdentityError, candidate_correct
from certifup.errors import DomainError
from tests.factories import CandidateFactory


def test_each_changed_field_writes_old_and_new_value(candidate, staff_a, now):
    old_birth_date = candidate.birth_date
    corrections = candidate_correct(
        candidate=candidate,
        actor=staff_a,
        now=now,
        changes={"birth_date": datetime.date(1991, 5, 6), "phone": candidate.phone},
        reason="Erreur de saisie signalée par e-mail",
    )
    assert [(c.field, c.old_value, c.new_value) for c in corrections] == [
        ("birth_date", old_birth_date.isoformat(), "1991-05-06")
    ]
    row = CandidateCorrection.objects.get()
    assert (row.corrected_by, row.corrected_at, row.field_label) == (
        staff_a,
        now,
        "date de naissance",
    )
    candidate.refresh_from_db()
    assert candidate.birth_date == datetime.date(1991, 5, 6)
    assert candidate.identity_key == identity_key(
        birth_name=candidate.birth_name,
        first_names=candidate.first_names,
        birth_date=datetime.date(1991, 5, 6),
    )


def test_nothing_changed_writes_nothing(candidate, staff_a, now):
    assert (
        candidate_correct(
            candidate=candidate, actor=staff_a, now=now, changes={"city": candidate.city}
        )
        == []
    )
    assert not CandidateCorrection.objects.exists()


def test_a_correction_that_duplicates_another_person_is_refused(candidate, staff_a, now):
    other = CandidateFactory()
    changes = {
        "birth_name": other.birth_name,
        "first_names": other.first_names,
        "birth_date": other.birth_date,
    }
    with pytest.raises(DuplicateIdentityError):
        candidate_correct(candidate=candidate, actor=staff_a, now=now, changes=changes)
    assert not CandidateCorrection.objects.exists()


def test_the_nuc_cannot_be_corrected(candidate, staff_a, now):
    with pytest.raises(DomainError, match="Champs non modifiables : nuc"):
        candidate_correct(candidate=candidate, actor=staff_a, now=now, changes={"nuc": "1"})
