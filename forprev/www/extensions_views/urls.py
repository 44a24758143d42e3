from django.urls import path

from . import views

app_name = "extensions"

urlpatterns = [
    path("", views.extension_preview, name="extension_preview"),
    path("appliquer/", views.extension_apply, name="extension_apply"),
]
