from django.urls import path

from . import views

app_name = "freezes"

urlpatterns = [
    path("", views.freeze_list, name="freeze_list"),
    path("nouveau/", views.freeze_create, name="freeze_create"),
    path("<uuid:public_id>/modifier/", views.freeze_edit, name="freeze_edit"),
    path("<uuid:public_id>/supprimer/", views.freeze_delete, name="freeze_delete"),
]
