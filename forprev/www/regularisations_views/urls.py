from django.urls import path

from . import views

app_name = "regularisations"

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("nouvelle/", views.request_create, name="request_create"),
    path("<uuid:public_id>/", views.request_detail, name="request_detail"),
    path("<uuid:public_id>/decision/", views.request_decide, name="request_decide"),
]
