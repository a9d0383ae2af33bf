from django.urls import path

from registrations import summary_views, views

app_name = "registrations"

urlpatterns = [
    path("inscription/", views.start, name="start"),
    path("inscription/centres/", views.centres, name="centres"),
    path("inscription/formulaire/", views.details, name="details"),
    path("inscription/aucun-centre/", views.no_centre, name="no_centre"),
    path("inscription/liste-d-attente/", views.waiting_join, name="waiting_join"),
    path(
        "mes-inscriptions/liste-d-attente/<int:pk>/quitter/",
        views.waiting_leave,
        name="waiting_leave",
    ),
    path("mes-inscriptions/", views.mine, name="mine"),
    path("mes-inscriptions/<int:pk>/", views.detail, name="detail"),
    path("mes-inscriptions/<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path(
        "mes-inscriptions/<int:pk>/recapitulatif.pdf",
        summary_views.summary_pdf,
        name="summary_pdf",
    ),
]
