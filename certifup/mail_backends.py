"""Which backend sends the mails, for the settings' EMAIL_BACKEND and ANYMAIL: files under
var/mail in the embedded default, SMTP in production, or a provider's API through django-anymail
when EMAIL_BACKEND names one of its backends (README: Brevo, Scaleway TEM)."""

import environ

# What Anymail's Brevo and Scaleway backends read; a variable left empty is not passed on.
ANYMAIL_VARIABLES = (
    "BREVO_API_KEY",
    "SCALEWAY_SECRET_KEY",
    "SCALEWAY_PROJECT_ID",
    "SCALEWAY_REGION",
)


def default_backend(*, production: bool) -> str:
    """When EMAIL_BACKEND is not set."""
    if production:
        return "django.core.mail.backends.smtp.EmailBackend"
    return "django.core.mail.backends.filebased.EmailBackend"


def anymail(env: environ.Env) -> dict[str, str]:
    return {name: value for name in ANYMAIL_VARIABLES if (value := env.str(name, default=""))}
