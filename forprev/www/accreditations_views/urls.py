from django.urls import path

from . import views

app_name = "accreditations"

urlpatterns = [
    path("demandes/", views.request_list, name="request_list"),
    path("demandes/nouvelle/", views.request_create, name="request_create"),
    path("demandes/<uuid:public_id>/", views.request_detail, name="request_detail"),
    path("demandes/<uuid:public_id>/documents/", views.document_add, name="document_add"),
    path(
        "demandes/<uuid:public_id>/documents/<uuid:document_id>/",
        views.document_download,
        name="document_download",
    ),
    path(
        "demandes/<uuid:public_id>/documents/<uuid:document_id>/retirer/",
        views.document_remove,
        name="document_remove",
    ),
    path("demandes/<uuid:public_id>/courrier.pdf", views.decision_letter, name="decision_letter"),
    path("demandes/<uuid:public_id>/formateurs/", views.trainer_propose, name="trainer_propose"),
    path(
        "demandes/<uuid:public_id>/formateurs/<int:proposed_id>/retirer/",
        views.trainer_withdraw,
        name="trainer_withdraw",
    ),
    path("demandes/<uuid:public_id>/commentaire/", views.comment_add, name="comment_add"),
    path("demandes/<uuid:public_id>/transmettre/", views.request_transmit, name="request_transmit"),
    path("demandes/<uuid:public_id>/completer/", views.request_complete, name="request_complete"),
    path("demandes/<uuid:public_id>/prendre/", views.request_take, name="request_take"),
    path(
        "demandes/<uuid:public_id>/complements/",
        views.request_ask_complements,
        name="request_ask_complements",
    ),
    path("demandes/<uuid:public_id>/avis/", views.request_opinion, name="request_opinion"),
    path("demandes/<uuid:public_id>/decision/", views.request_decide, name="request_decide"),
]
