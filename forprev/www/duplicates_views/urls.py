from django.urls import path, register_converter

from . import requests, views
from .converters import PeopleConverter

register_converter(PeopleConverter, "people")

app_name = "duplicates"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("paires/<uuid:public_id>/ecarter/", views.candidate_dismiss, name="candidate_dismiss"),
    path("comparer/<people:people>/", views.compare, name="compare"),
    path("comparer/<people:people>/fusionner/", views.merge, name="merge"),
    path("fusions/", views.merge_list, name="merge_list"),
    path("fusions/<uuid:public_id>/", views.merge_detail, name="merge_detail"),
    path("fusions/<uuid:public_id>/annuler/", views.merge_undo_view, name="merge_undo"),
    path("demandes/nouvelle/", requests.request_create, name="request_create"),
    path("demandes/<uuid:public_id>/", requests.request_detail, name="request_detail"),
    path("demandes/<uuid:public_id>/sans-suite/", requests.request_reject, name="request_reject"),
]
