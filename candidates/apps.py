from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = "Candidats"

    def ready(self) -> None:
        # Adds its sections to « Télécharger mes données » (certifup.personal_data).
        from candidates import personal_data  # noqa: F401
