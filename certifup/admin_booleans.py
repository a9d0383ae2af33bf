"""The admin's yes/no icons, in French.

Django draws a boolean (a list's column, a read-only field) as an icon whose alt text is the
Python value: on a French site a screen reader reads « True », « False », « None ». Its three
callers (the list's cells, ``display_for_field``/``display_for_value``, read-only fields) look
the function up in ``django.contrib.admin.templatetags.admin_list`` each time they draw one, so
replacing it there once, at start-up (``backoffice.apps``), gives every admin page « Oui »,
« Non » and « Inconnu ». ``tests/test_admin_reads_french.py`` walks every admin page of our
models for an English alt text, so a Django upgrade that moves the function is caught.
"""

from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

ICONS = {True: ("yes", "Oui"), False: ("no", "Non"), None: ("unknown", "Inconnu")}


def boolean_icon(value: bool | None) -> SafeString:
    """Django's icon, with its French word as the alternative text."""
    icon, word = ICONS[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), word)


def install() -> None:
    admin_list._boolean_icon = boolean_icon  # type: ignore[attr-defined]
