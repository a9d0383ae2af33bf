"""Every form is drawn by the project's renderer (certifup.forms): templates write
``{{ form }}`` or ``{{ form.field.as_field_group }}``, never the markup of a field."""

from django import forms
from django.template import engines


class _Form(forms.Form):
    email = forms.EmailField(label="Adresse e-mail", help_text="Pour vous écrire.")
    note = forms.CharField(label="Note", required=False)
    agree = forms.BooleanField(label="J'accepte")


def _render(template: str, form: forms.Form) -> str:
    return engines["django"].from_string(template).render({"form": form})


def test_a_field_group_has_its_label_required_mark_help_and_error_ids():
    form = _Form(data={"email": "pas-une-adresse"})
    html = _render("{{ form.email.as_field_group }}", form)
    assert '<div class="field field-invalid">' in html
    required_mark = '<span class="required" aria-hidden="true">*</span>'
    assert f'<label for="id_email">Adresse e-mail {required_mark}</label>' in html
    assert '<p class="help" id="id_email_helptext">Pour vous écrire.</p>' in html
    assert '<p class="error" id="id_email_error">' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'aria-invalid="true"' in html


def test_a_whole_form_has_the_error_summary_then_every_field():
    html = _render("{{ form }}", _Form(data={}))
    assert html.index('class="alert alert-error" role="alert"') < html.index('for="id_email"')
    assert "corrigez les champs signalés" in html
    assert '<label for="id_note">Note</label>' in html  # optional: no mark
    assert '<label class="checkbox"><input type="checkbox" name="agree"' in html


def test_a_valid_form_has_no_error_summary():
    html = _render("{{ form }}", _Form(data={"email": "a@example.org", "agree": "on"}))
    assert "alert" not in html
