"""The site's fixed links (the navigation of every page), reversed once per process.

``{% url %}`` reverses on every use: a dozen thread-local lookups and a pattern match, about
as long as the whole bare view for the nine links of a back-office page's navigation. A URL
without arguments only changes with what ``reverse`` reads, so that is the key: the script
prefix the server mounts the site under, the URLconf, the language.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def link(name: str) -> str:
    """``reverse(name)`` for a URL without arguments, e.g. ``link("registrations:mine")``."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(name, get_script_prefix(), urlconf, get_language())


@functools.cache
def _reversed(name: str, script_prefix: str, urlconf: str, language: str | None) -> str:
    return reverse(name, urlconf=urlconf)
