from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("nouvelle/", views.session_create, name="session_create"),
    path("<uuid:public_id>/", views.session_detail, name="session_detail"),
    path("<uuid:public_id>/soumettre/", views.session_submit, name="session_submit"),
    path("<uuid:public_id>/valider/", views.session_validate, name="session_validate"),
    path("<uuid:public_id>/cloturer/", views.session_close, name="session_close"),
    path(
        "<uuid:public_id>/certificats.pdf", views.session_certificates_pdf, name="certificates_pdf"
    ),
    path(
        "<uuid:public_id>/certificats/<str:number>.pdf",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
    path("<uuid:public_id>/import/", views.trainees_import, name="trainees_import"),
    path(
        "<uuid:public_id>/import/confirmer/",
        views.trainees_import_confirm,
        name="trainees_import_confirm",
    ),
]
