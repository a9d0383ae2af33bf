"""Every label read through ``certifup.choices`` is the text Django's own ``get_FOO_display``
gives, for every choice, a value outside them and a blank one, in the active language."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from certifup.choices import ChoiceLabels

OURS = {"candidates", "centres", "registrations", "payments", "deferrals", "notifications"}
FIELDS = [
    (model, field)
    for model in apps.get_models()
    if model._meta.app_label in OURS
    for field in model._meta.get_fields()
    if getattr(field, "choices", None) and not field.is_relation
]


def test_every_model_with_choices_reads_its_labels_from_the_tables():
    assert len(FIELDS) >= 10
    assert all(issubclass(model, ChoiceLabels) for model, _ in FIELDS)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("model", "field"), FIELDS, ids=lambda item: str(item))
def test_labels_read_as_djangos(model, field, language):
    with translation.override(language):
        for value in [*(value for value, _ in field.flatchoices), "", "inconnu", None]:
            row = model(**{field.attname: value})
            shown = getattr(row, f"get_{field.name}_display")()
            assert shown == models.Model._get_FIELD_display(row, field)
            assert type(shown) is type(models.Model._get_FIELD_display(row, field))
