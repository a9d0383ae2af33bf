from django.contrib.auth import views as auth_views
from django.urls import path

from candidates import account_views, profile_views, views

app_name = "candidates"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe-oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="candidates/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "reinitialiser/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reinitialiser/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="candidates/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("ma-fiche/", profile_views.profile, name="profile"),
    path("ma-fiche/signaler-une-erreur/", profile_views.report_error, name="report_error"),
    path("ma-fiche/mes-donnees.json", profile_views.my_data, name="my_data"),
    path("creer-mon-compte/", account_views.sign_up, name="sign_up"),
    path("creer-mon-compte/envoye/", account_views.sign_up_done, name="sign_up_done"),
    path("verifier-mon-adresse/<str:token>/", account_views.verify_email, name="verify_email"),
    path(
        "renvoyer-le-lien-de-verification/",
        account_views.resend_verification,
        name="resend_verification",
    ),
    path("nuc-oublie/", account_views.nuc_forgotten, name="nuc_forgotten"),
    path("nuc-oublie/envoye/", account_views.nuc_forgotten_done, name="nuc_forgotten_done"),
    path(
        "mot-de-passe-oublie/par-nuc/",
        account_views.password_reset_by_nuc,
        name="password_reset_by_nuc",
    ),
    path("changer-mon-mot-de-passe/", account_views.password_change, name="password_change"),
]
