from django.urls import path

from deferrals import views

app_name = "deferrals"

urlpatterns = [
    path(
        "mes-inscriptions/<int:pk>/epreuves/<int:line_pk>/report/",
        views.request_deferral,
        name="request",
    ),
    path("reports/<int:pk>/justificatif/", views.justification, name="justification"),
]
