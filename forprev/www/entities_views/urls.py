from django.urls import path

from . import views

app_name = "entities"

urlpatterns = [
    path("", views.entity_list, name="entity_list"),
    path("<uuid:public_id>/", views.entity_detail, name="entity_detail"),
    path("<uuid:public_id>/modifier/", views.entity_edit, name="entity_edit"),
]
