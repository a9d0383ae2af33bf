from django.apps import AppConfig


class DeferralsConfig(AppConfig):
    name = "deferrals"
    verbose_name = "Reports d'inscription"
