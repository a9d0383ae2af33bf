"""Irreversible actions ask first, without JavaScript: the action's button POSTs without the
confirmation field, the view answers with a page that states what will happen, and only that
page's « Confirmer » POSTs it. One field name for every such action, read here."""

from django.http import HttpRequest

CONFIRM_FIELD = "confirme"


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "1"
