from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("nouvelle/", views.session_create, name="session_create"),
    path("<uuid:public_id>/", views.session_detail, name="session_detail"),
    path("<uuid:public_id>/import/", views.trainees_import, name="trainees_import"),
    path(
        "<uuid:public_id>/import/confirmer/",
        views.trainees_import_confirm,
        name="trainees_import_confirm",
    ),
]
