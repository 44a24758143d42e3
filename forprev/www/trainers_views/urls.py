from django.urls import path

from . import views

app_name = "trainers"

urlpatterns = [
    path("equipe/", views.team_list, name="team_list"),
    path("equipe/<uuid:membership_id>/retirer/", views.team_remove, name="team_remove"),
    path("mon-espace/", views.my_space, name="my_space"),
    path("certificats/enregistrer/", views.certificate_record, name="certificate_record"),
]
