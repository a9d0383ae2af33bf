"""Status labels read from a table per field and language, not rebuilt on every call.

Django's ``get_FOO_display()`` builds a dict of the field's choices on each call, hashing every
lazy label (one translation lookup each): a list of forty requests paid it 40 × 7 times. The
labels of a field's choices (``Status.choices``…) never change while the process runs, so each
field's table is made once per language and the label read from it: the same text, the same
fallbacks (a value outside the choices reads as itself, as Django shows it).
"""

import functools
from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


class ChoiceLabels(models.Model):
    """The base of every model with a field with choices."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> Any:  # noqa: N802 (Django's name)
        value = getattr(self, field.attname)
        try:
            return _labels(field, get_language())[value]
        except (KeyError, TypeError):  # not one of the choices; unhashable: Django's own way
            return super()._get_FIELD_display(field)  # type: ignore[misc]


@functools.cache
def _labels(field: models.Field, language: str | None) -> dict[Any, Any]:
    """As Django's ``_get_FIELD_display`` reads them, in the language active when called."""
    return {
        make_hashable(value): force_str(label, strings_only=True)
        for value, label in field.flatchoices
    }
