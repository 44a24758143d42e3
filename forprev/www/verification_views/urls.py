from django.urls import path

from . import views

app_name = "verification"

urlpatterns = [
    path("", views.verify_form, name="verify_form"),
    path("<str:code>/", views.verify_code, name="verify_code"),
]
