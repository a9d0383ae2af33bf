from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "E-mails"

    def ready(self) -> None:
        # Adds its section to « Télécharger mes données » (certifup.personal_data).
        # Registers the send task, which services.schedule_send hands mails to by name.
        from notifications import (
            personal_data,  # noqa: F401
            tasks,  # noqa: F401
        )
