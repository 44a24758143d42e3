from django.urls import path

from . import views

app_name = "referentials"

urlpatterns = [
    path("", views.referentials_index, name="index"),
]
