from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("connexion/verification/", views.otp_verify, name="otp_verify"),
    path("connexion/double-authentification/", views.otp_setup, name="otp_setup"),
    path(
        "connexion/double-authentification/lien/<str:token>/",
        views.otp_enrolment_open,
        name="otp_enrolment_open",
    ),
    path("mes-informations/double-authentification/", views.otp_manage, name="otp_manage"),
    path("mot-de-passe-oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reinitialiser/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reinitialiser/termine/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("mes-informations/", views.my_info, name="my_info"),
    path("mes-informations/modifier/", views.my_info_edit, name="my_info_edit"),
    path("mes-informations/valider/", views.my_info_validate, name="my_info_validate"),
    path(
        "mes-informations/mot-de-passe/", views.PasswordChangeView.as_view(), name="password_change"
    ),
    path("mes-informations/adresse/<str:token>/", views.email_confirm, name="email_confirm"),
]
