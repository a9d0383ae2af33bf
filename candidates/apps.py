from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = "Candidats"

    def ready(self) -> None:
        # Adds its sections to « Télécharger mes données » (certifup.personal_data).
        # Registers the tasks, which recovery hands work to by name (task_hand_over).
        from candidates import (
            personal_data,  # noqa: F401
            tasks,  # noqa: F401
        )
