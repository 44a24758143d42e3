from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "forprev.people"
    label = "people"
    verbose_name = "Individus"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Person, PersonRequest

        auditlog.register(Person)
        auditlog.register(PersonRequest)

        from forprev.core import badges

        from .merging_models import MergeRequest, MergeRequestStatus
        from .requests import PersonRequestStatus

        P, M = PersonRequestStatus, MergeRequestStatus
        badges.register(
            PersonRequest, {P.PENDING: "warning", P.RESOLVED: "success", P.REJECTED: None}
        )
        badges.register(MergeRequest, {M.PENDING: "warning", M.MERGED: "success", M.REJECTED: None})
