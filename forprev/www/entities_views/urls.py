from django.urls import path

from . import delegates, invitations, views

app_name = "entities"

urlpatterns = [
    path("", views.entity_list, name="entity_list"),
    path("invitations/", invitations.invitation_list, name="invitation_list"),
    path(
        "invitations/<uuid:invitation_id>/accepter/",
        invitations.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "invitations/<uuid:invitation_id>/decliner/",
        invitations.invitation_decline,
        name="invitation_decline",
    ),
    path(
        "invitations/<uuid:public_id>/<str:token>/",
        invitations.invitation_open,
        name="invitation_open",
    ),
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
    path(
        "<uuid:public_id>/invitations/<uuid:invitation_id>/renvoyer/",
        invitations.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<uuid:public_id>/invitations/<uuid:invitation_id>/retirer/",
        invitations.invitation_withdraw,
        name="invitation_withdraw",
    ),
]
