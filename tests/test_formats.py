"""certifup.formats writes a count as Django's ``{{ value }}`` does, in every language and with
or without thousands separators, without Django's per-number format lookups."""

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import conditional_escape

from certifup.formats import integer_writer

VALUES = [0, 1, 7, 999, 1000, 1001, 12000, 100601, 1234567, 10**12, -1, -999, -1000, -1234567]


@pytest.mark.parametrize("grouped", [False, True])
@pytest.mark.parametrize("language", ["fr", "en", "zh-hans"])  # zh-hans groups by four
def test_a_count_reads_as_django_writes_it(language, grouped):
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=grouped):
        write = integer_writer()
        for value in VALUES:
            assert write(value) == number_format(value), value


def test_in_french_a_count_has_no_separator_unless_the_setting_asks():
    with translation.override("fr"):
        assert integer_writer()(1234567) == "1234567"
        with override_settings(USE_THOUSAND_SEPARATOR=True):
            assert integer_writer()(1234567) == "1\xa0234\xa0567"


def test_a_count_is_safe_text_as_djangos_is():
    with translation.override("fr"):
        text = integer_writer()(1000)
    assert conditional_escape(text) is text
