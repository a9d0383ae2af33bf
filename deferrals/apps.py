from django.apps import AppConfig


class DeferralsConfig(AppConfig):
    name = "deferrals"
    verbose_name = "Reports d'inscription"

    def ready(self) -> None:
        # Adds its section to « Télécharger mes données » (certifup.personal_data).
        from deferrals import personal_data  # noqa: F401
