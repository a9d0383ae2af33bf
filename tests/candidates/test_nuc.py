"""The NUC: its Luhn check digit catches typing errors, and allocation under concurrency gives
distinct numbers with no gaps."""

import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from candidates.accounts import candidate_sign_up
from candidates.models import Candidate, NucSequence
from candidates.nuc import is_valid_new_nuc, make_nuc
from tests.registrations import test_concurrency
from tests.registrations.test_concurrency import run_together

sequences = st.integers(min_value=0, max_value=999_999)
years = st.integers(min_value=0, max_value=99)


@given(year=years, sequence=sequences, position=st.integers(0, 8), delta=st.integers(1, 9))
def test_every_single_digit_error_is_detected(year, sequence, position, delta):
    nuc = make_nuc(year=year, sequence=sequence)
    wrong = str((int(nuc[position]) + delta) % 10)
    assert not is_valid_new_nuc(nuc[:position] + wrong + nuc[position + 1 :])


@given(year=years, sequence=sequences, position=st.integers(0, 7))
def test_every_adjacent_transposition_but_09_is_detected(year, sequence, position):
    nuc = make_nuc(year=year, sequence=sequence)
    pair = nuc[position : position + 2]
    swapped = nuc[:position] + pair[::-1] + nuc[position + 2 :]
    if pair[0] == pair[1] or pair in ("09", "90"):
        return  # nothing changed, or Luhn's one known blind spot
    assert not is_valid_new_nuc(swapped)


@given(year=years, sequence=sequences)
def test_every_new_nuc_is_valid(year, sequence):
    assert is_valid_new_nuc(make_nuc(year=year, sequence=sequence))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_parallel_sign_ups_get_fifty_contiguous_nucs(now, monkeypatch):
    # Fifty connections on two shared cores take longer than the pattern's 30 s to line up.
    monkeypatch.setattr(test_concurrency, "THREAD_TIMEOUT", 180)

    def sign_up(n: int):
        return lambda: candidate_sign_up(
            birth_name=f"Parallèle {n}",
            usage_name="",
            first_names="Camille",
            birth_date=now.date().replace(year=1990),
            email=f"camille{n}@example.org",
            phone="0600000000",
            password="Cheval-Agrafe-42",
            now=now,
        )

    outcomes = run_together(*(sign_up(n) for n in range(50)))

    failures = [o for o in outcomes if isinstance(o, BaseException)]
    root_causes = [f for f in failures if not isinstance(f, threading.BrokenBarrierError)]
    assert not failures, root_causes or failures
    nucs = sorted(Candidate.objects.values_list("nuc", flat=True))
    assert len(set(nucs)) == 50
    assert all(is_valid_new_nuc(nuc) for nuc in nucs)
    assert sorted(int(nuc[2:8]) for nuc in nucs) == list(range(1, 51))
    assert NucSequence.objects.get(year=now.year % 100).last_value == 50
