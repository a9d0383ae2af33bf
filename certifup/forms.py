"""How every form of the site is drawn: one field template, one form template.

Templates write ``{{ form.email.as_field_group }}`` for a field placed by hand and ``{{ form }}``
for a whole form; both go through ``templates/_field.html`` (label, required mark, help text
and errors with the ids that Django's ``aria-describedby`` names) and ``templates/_form.html``
(the error summary, then each field). ``TemplatesSetting`` looks them up in the project's
templates, which a renderer with its own engine would not see.
"""

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


class BoundField(forms.BoundField):
    """Django decides to name the help text in ``aria-describedby`` from the field's own widget,
    so ``{{ field.as_hidden }}`` (the summary step) gave an ``<input type="hidden">`` an aria
    attribute, which HTML forbids, pointing at a help text the page does not show."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if (widget or self.field.widget).is_hidden:
            attrs.pop("aria-describedby", None)
        return attrs


class FormRenderer(TemplatesSetting):
    form_template_name = "_form.html"
    field_template_name = "_field.html"
    bound_field_class = BoundField
