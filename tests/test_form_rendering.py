"""Every form is drawn by the project's renderer (certifup.forms): templates write
``{{ form }}`` or ``{{ form.field.as_field_group }}``, never the markup of a field."""

import tinyhtml5
from django import forms
from django.template import engines
from django.utils.safestring import mark_safe


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
    assert '<div class="help" id="id_email_helptext">Pour vous écrire.</div>' in html
    assert '<p class="error" id="id_email_error">' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'aria-invalid="true"' in html


def test_a_help_text_list_is_inside_the_element_the_input_names():
    """Django's password rules are an HTML list: in a <p>, the browser closes the paragraph
    before the list, so aria-describedby would name an empty element."""

    class _PasswordForm(forms.Form):
        password = forms.CharField(
            label="Mot de passe",
            help_text=mark_safe(
                "<ul><li>Au moins 8 caractères.</li><li>Pas un mot courant.</li></ul>"
            ),
        )

    html = _render("{{ form.password.as_field_group }}", _PasswordForm())
    # Parsed as a browser parses it (HTML5 tree construction), not as the string reads.
    tree = tinyhtml5.parse(html, namespace_html_elements=False)
    [described] = tree.find(".//input[@name='password']").get("aria-describedby").split()
    target = tree.find(f".//*[@id='{described}']")
    assert "".join(target.itertext()) == "Au moins 8 caractères.Pas un mot courant."


def test_a_field_sent_hidden_names_no_help_text():
    """The summary step carries the fields as <input type="hidden">, where HTML allows no aria-*
    attribute (and nothing is shown to describe)."""
    html = _render("{{ form.email.as_hidden }}", _Form(initial={"email": "a@example.org"}))
    assert html.startswith('<input type="hidden" name="email"')
    assert "aria-" not in html


def test_a_whole_form_has_the_error_summary_then_every_field():
    html = _render("{{ form }}", _Form(data={}))
    assert html.index('class="alert alert-error" role="alert"') < html.index('for="id_email"')
    assert "corrigez les champs signalés" in html
    assert '<label for="id_note">Note</label>' in html  # optional: no mark
    assert '<label class="checkbox"><input type="checkbox" name="agree"' in html


def test_a_valid_form_has_no_error_summary():
    html = _render("{{ form }}", _Form(data={"email": "a@example.org", "agree": "on"}))
    assert "alert" not in html


def test_a_select_draws_as_djangos_own_widget_template():
    """templates/django/forms/widgets/select.html draws the options itself (for speed): the
    markup is Django's, option for option, with groups, attributes and a custom option."""
    from django.forms.renderers import DjangoTemplates

    from certifup.forms import FormRenderer

    class _TitledSelect(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    choices = [
        ("", "— Tous —"),
        ("Métropole", [("75", "Paris <75>"), ("2A", "Corse-du-Sud")]),
        ("987", "Polynésie « française »"),
    ]
    for widget in (
        forms.Select(choices=choices, attrs={"class": "wide", "required": True}),
        forms.SelectMultiple(choices=choices, attrs={"disabled": True, "data-x": False}),
        _TitledSelect(choices=choices),
    ):
        for value in ("75", ["2A", "987"], None):
            ours = widget.render("departement", value, {"id": "id_d"}, FormRenderer())
            djangos = widget.render("departement", value, {"id": "id_d"}, DjangoTemplates())
            assert ours == djangos
    assert "Paris &lt;75&gt;" in ours


def test_inputs_checkboxes_and_radios_draw_as_djangos_own_widget_templates():
    """input.html, input_option.html and multiple_input.html draw what Django's include: the
    same markup for every kind of input, option and group."""
    from django.forms.renderers import DjangoTemplates

    from certifup.forms import FormRenderer

    class _OwnOption(forms.CheckboxSelectMultiple):
        option_template_name = "django/forms/widgets/select_option.html"

    choices = [("E1", "Épreuve <1>"), ("Groupe", [("E2", "E2"), ("E3", "E3")]), ("E4", "E4")]
    widgets = [
        forms.TextInput(attrs={"class": "x", "required": True, "disabled": False}),
        forms.EmailInput(),
        forms.PasswordInput(render_value=True),
        forms.HiddenInput(),
        forms.NumberInput(attrs={"min": 1}),
        forms.DateInput(),
        forms.CheckboxInput(),
        forms.Textarea(),
        forms.ClearableFileInput(),
        forms.CheckboxSelectMultiple(choices=choices, attrs={"class": "exams"}),
        forms.RadioSelect(choices=choices),
        _OwnOption(choices=choices),
    ]
    for widget in widgets:
        for value in ("E2", ["E1", "E3"], "Un « texte » <b>", 0, True, None):
            attrs = {"id": "id_w", "aria-describedby": "id_w_helptext"}
            ours = widget.render("w", value, attrs, FormRenderer())
            djangos = widget.render("w", value, attrs, DjangoTemplates())
            assert ours == djangos, type(widget).__name__
