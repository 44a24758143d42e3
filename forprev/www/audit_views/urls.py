from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("journal/", views.audit_log, name="audit_log"),
]
