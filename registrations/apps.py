from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = "Inscriptions"

    def ready(self) -> None:
        from registrations import checks  # noqa: F401  (registers the system check)
