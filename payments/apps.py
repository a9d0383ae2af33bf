from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = "Règlements"

    def ready(self) -> None:
        # Adds its section to « Télécharger mes données » (certifup.personal_data).
        from payments import personal_data  # noqa: F401
