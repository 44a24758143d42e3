from django.urls import path

from . import requests, views

app_name = "people"

urlpatterns = [
    path("", views.person_search, name="person_search"),
    path("<uuid:public_id>/", views.person_detail, name="person_detail"),
    path("demandes/", requests.request_list, name="request_list"),
    path("demandes/nouvelle/", requests.request_create, name="request_create"),
    path("demandes/<uuid:public_id>/", requests.request_detail, name="request_detail"),
    path("demandes/<uuid:public_id>/reponse/", requests.request_answer, name="request_answer"),
]
