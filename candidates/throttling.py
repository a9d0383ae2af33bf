"""What django-axes counts failed logins against."""

from django.conf import settings
from django.http import HttpRequest

from candidates.nuc import normalise_nuc


def username_for_throttling(request: HttpRequest, credentials: dict | None) -> str:
    """The NUC as stored, however it was typed, so that varying spaces, dashes or case does
    not buy more attempts. Staff usernames go through the same folding, which only merges
    names that differ by case or separators: still one person's counter."""
    if credentials and credentials.get("username"):
        value = credentials["username"]
    else:
        value = request.POST.get("username", "") if request is not None else ""
    return normalise_nuc(str(value)) if value else ""


def client_ip(request: HttpRequest) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
