from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = "Inscriptions"

    def ready(self) -> None:
        from candidates import hooks
        from certifup import aggregates
        from notifications.attachments import register_attachment
        from registrations import (
            checks,  # noqa: F401  (registers the system check)
            personal_data,  # noqa: F401  (its « mes données » sections)
        )
        from registrations.pdf import summary_attachment
        from registrations.selectors import candidate_handling_centre, candidate_identity_locked

        # What candidates asks about a candidate's requests, answered here (candidates.hooks).
        hooks.register(
            identity_locked=lambda candidate: candidate_identity_locked(candidate=candidate),
            handling_centre=lambda candidate: candidate_handling_centre(candidate=candidate),
        )
        register_attachment(
            "registration_summary", summary_attachment, label="récapitulatif d'inscription (PDF)"
        )
        aggregates.install()  # the national view's median, on SQLite too
