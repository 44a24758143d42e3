from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.entity_list, name="entity_list"),
    path("sessions-inter-entreprises/", views.session_list, name="session_list"),
    path("<uuid:public_id>/", views.entity_detail, name="entity_detail"),
]
