from django.conf import settings
from django.http import HttpRequest


def uppctsc(request: HttpRequest) -> dict[str, str]:
    """UPPCTSC's address, from its setting, for every page that tells people where to write."""
    return {"UPPCTSC_EMAIL": settings.UPPCTSC_EMAIL}
