"""How every form of the site is drawn: one field template, one form template.

Templates write ``{{ form.email.as_field_group }}`` for a field placed by hand and ``{{ form }}``
for a whole form; both go through ``templates/_field.html`` (label, required mark, help text
and errors with the ids that Django's ``aria-describedby`` names) and ``templates/_form.html``
(the error summary, then each field). ``TemplatesSetting`` looks them up in the project's
templates, which a renderer with its own engine would not see.
"""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "_form.html"
    field_template_name = "_field.html"
