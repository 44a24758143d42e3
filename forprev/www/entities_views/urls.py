from django.urls import path

from . import delegates, views

app_name = "entities"

urlpatterns = [
    path("", views.entity_list, name="entity_list"),
    path("<uuid:public_id>/", views.entity_detail, name="entity_detail"),
    path("<uuid:public_id>/modifier/", views.entity_edit, name="entity_edit"),
    path("<uuid:public_id>/delegues/", delegates.delegate_list, name="delegate_list"),
    path(
        "<uuid:public_id>/delegues/<uuid:membership_id>/droits/",
        delegates.delegate_update,
        name="delegate_update",
    ),
    path(
        "<uuid:public_id>/delegues/<uuid:membership_id>/revoquer/",
        delegates.delegate_revoke,
        name="delegate_revoke",
    ),
]
