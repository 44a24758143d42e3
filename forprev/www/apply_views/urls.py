from django.urls import path

from . import views

app_name = "apply"

urlpatterns = [
    path("", views.start, name="start"),
    path("courriel-envoye/", views.sent, name="sent"),
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path(
        "entites/<uuid:public_id>/reconnaitre/",
        views.entity_recognise_view,
        name="entity_recognise",
    ),
]
