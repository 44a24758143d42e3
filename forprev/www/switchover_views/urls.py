from django.urls import path, re_path

from . import readiness, reconciliation, todo

app_name = "switchover"

urlpatterns = [
    path("a-faire/", todo.todo_list, name="todo_list"),
    path("preparation/", readiness.readiness_dashboard, name="readiness"),
    path("preparation/controle/", readiness.readiness_check_start, name="readiness_check_start"),
    path("preparation/export.csv", readiness.readiness_export, name="readiness_export"),
    path("preparation/anomalies.csv", readiness.findings_export, name="findings_export"),
    re_path(
        r"^preparation/entites/(?P<legacy_id>[0-9]{1,20})/$",
        readiness.readiness_entity,
        name="readiness_entity",
    ),
    path("rapprochements/", reconciliation.reconciliation_list, name="reconciliation_list"),
    path(
        "rapprochements/<uuid:public_id>/",
        reconciliation.reconciliation_detail,
        name="reconciliation_detail",
    ),
    path(
        "rapprochements/<uuid:public_id>/lignes.csv",
        reconciliation.reconciliation_issues_csv,
        name="reconciliation_issues_csv",
    ),
]
