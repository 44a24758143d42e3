from django.urls import path

from . import amendments, imports, trainees, views

app_name = "training"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("nouvelle/", views.session_create, name="session_create"),
    path("<uuid:public_id>/", views.session_detail, name="session_detail"),
    path("<uuid:public_id>/soumettre/", views.session_submit, name="session_submit"),
    path("<uuid:public_id>/valider/", views.session_validate, name="session_validate"),
    path("<uuid:public_id>/cloturer/", views.session_close, name="session_close"),
    path("<uuid:public_id>/modifier/", amendments.session_amend, name="session_amend"),
    path(
        "<uuid:public_id>/certificats.pdf", views.session_certificates_pdf, name="certificates_pdf"
    ),
    path(
        "<uuid:public_id>/certificats/<str:number>.pdf",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
    # Importing trainees from a file (imports.py); the template holds no data: no session.
    path("<uuid:public_id>/import/", imports.trainees_import, name="trainees_import"),
    path(
        "<uuid:public_id>/import/confirmer/",
        imports.trainees_import_confirm,
        name="trainees_import_confirm",
    ),
    path(
        "import/modele-stagiaires.csv",
        imports.trainees_import_template_csv,
        name="trainees_import_template_csv",
    ),
    path(
        "import/modele-stagiaires.xlsx",
        imports.trainees_import_template_xlsx,
        name="trainees_import_template_xlsx",
    ),
    # Trainees added or taken off by hand (trainees.py).
    path("<uuid:public_id>/stagiaires/ajouter/", trainees.trainee_add, name="trainee_add"),
    path("<uuid:public_id>/stagiaires/creer/", trainees.trainee_create, name="trainee_create"),
    path(
        "<uuid:public_id>/stagiaires/<uuid:person_id>/inscrire/",
        trainees.trainee_enrol,
        name="trainee_enrol",
    ),
    path(
        "<uuid:public_id>/inscriptions/<uuid:enrolment_id>/retirer/",
        trainees.trainee_remove,
        name="trainee_remove",
    ),
]
