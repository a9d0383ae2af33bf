"""The system check that tells a machine without libharfbuzz-subset, where every PDF is ~6×
slower (registrations/checks.py)."""

import ctypes.util

from django.core import checks

from registrations import checks as pdf_checks


def _harfbuzz_warnings(*, deploy: bool = True) -> list[checks.CheckMessage]:
    messages = checks.run_checks(include_deployment_checks=deploy)
    return [message for message in messages if message.id == "registrations.W001"]


def test_the_check_agrees_with_what_weasyprint_loaded():
    from weasyprint.text import ffi

    assert pdf_checks.harfbuzz_subset_available() == (ffi.harfbuzz_subset is not None)
    assert bool(_harfbuzz_warnings()) == (ffi.harfbuzz_subset is None)


def test_a_machine_without_the_library_is_warned(monkeypatch):
    monkeypatch.setattr(pdf_checks, "LIBRARY_NAMES", ("libcertifup-absente.so.0",))
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    [warning] = _harfbuzz_warnings()
    assert "libharfbuzz-subset est introuvable" in warning.msg
    assert "apt-get install libharfbuzz-subset0" in warning.hint


def test_only_the_deployment_check_warns(monkeypatch):
    # It printed on every manage.py command (migrate, runserver, shell…) of a machine without it.
    monkeypatch.setattr(pdf_checks, "LIBRARY_NAMES", ("libcertifup-absente.so.0",))
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert _harfbuzz_warnings(deploy=False) == []
    assert len(_harfbuzz_warnings(deploy=True)) == 1
