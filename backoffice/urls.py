from django.contrib.auth import views as auth_views
from django.urls import path

from backoffice.views import (
    actions,
    candidates,
    closures,
    corrections,
    dashboard,
    exports,
    offers,
    requests,
)
from backoffice.views.auth import StaffLoginView

app_name = "centre"

urlpatterns = [
    path("connexion/", StaffLoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(next_page="centre:login"), name="logout"),
    path("", dashboard.dashboard, name="dashboard"),
    path("demandes/", requests.request_list, name="requests"),
    path("demandes/pre-valider/", actions.bulk_pre_validate, name="bulk_pre_validate"),
    path("demandes/<int:registration_id>/", requests.request_detail, name="request"),
    path("demandes/<int:registration_id>/pre-valider/", actions.pre_validate, name="pre_validate"),
    path("demandes/<int:registration_id>/refuser/", actions.refuse, name="refuse"),
    path("demandes/<int:registration_id>/reglement/", actions.record_payment, name="payment"),
    path(
        "demandes/<int:registration_id>/prise-en-charge/",
        actions.record_financing,
        name="financing",
    ),
    path("demandes/<int:registration_id>/valider/", actions.confirm, name="confirm"),
    path(
        "demandes/<int:registration_id>/recapitulatif.pdf",
        exports.summary_pdf,
        name="summary_pdf",
    ),
    path(
        "demandes/<int:registration_id>/epreuves/<int:line_id>/retirer/",
        actions.remove_exam,
        name="remove_exam",
    ),
    path(
        "demandes/<int:registration_id>/candidat/",
        candidates.correct_candidate,
        name="correct_candidate",
    ),
    path("corrections/", corrections.correction_list, name="corrections"),
    path(
        "corrections/<int:correction_id>/appliquer/",
        corrections.correction_apply,
        name="correction_apply",
    ),
    path(
        "corrections/<int:correction_id>/rejeter/",
        corrections.correction_reject,
        name="correction_reject",
    ),
    path("fermetures/", closures.closure_list, name="closures"),
    path("fermetures/<int:closure_id>/", closures.closure_detail, name="closure"),
    path("epreuves/", offers.offer_list, name="offers"),
    path("epreuves/<int:offer_id>/", offers.offer_edit, name="offer"),
    path("epreuves/<int:offer_id>/emargement.pdf", exports.attendance_pdf, name="attendance"),
    path("exports/inscriptions.csv", exports.registrations_csv, name="export_csv"),
    path("exports/inscriptions.xlsx", exports.registrations_xlsx, name="export_xlsx"),
]
