from django.urls import path

from . import views

app_name = "scheduler"

urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("<slug:key>/lancer/", views.job_run, name="job_run"),
]
