from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "backoffice"
    verbose_name = "Espace des centres"

    def ready(self) -> None:
        # The admin (UPPCTSC's and the centres' other back-office) says « Oui » / « Non ».
        from certifup import admin_booleans

        admin_booleans.install()
