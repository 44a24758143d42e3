from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("<str:number>/revoquer/", views.certificate_revoke, name="certificate_revoke"),
]
