"""Header data for every page: who is connected, as what, for which entity, and the sections
their role opens (as in the old tool: Outils, Référentiels, Administration, Habilitations…)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forprev.accounts.enums import Role
from forprev.people.rules import can_search_people
from forprev.training.rules import can_view_regularisations

# section label, url name, roles that see it
_SECTIONS = [
    (_("Espace"), "dashboard:home", None),
    (
        _("Habilitations"),
        "entities:entity_list",
        {Role.MANAGER, Role.DELEGATE, Role.INSTRUCTOR, Role.SUPPORT, Role.NATIONAL},
    ),
    (
        _("Demandes"),
        "accreditations:request_list",
        {Role.MANAGER, Role.INSTRUCTOR, Role.SUPPORT, Role.NATIONAL},
    ),
    (
        _("Sessions"),
        "training:session_list",
        {Role.MANAGER, Role.DELEGATE, Role.TRAINER, Role.INSTRUCTOR, Role.SUPPORT, Role.NATIONAL},
    ),
    (
        _("Régularisations"),
        "regularisations:request_list",
        {Role.MANAGER, Role.DELEGATE, Role.INSTRUCTOR, Role.SUPPORT, Role.NATIONAL},
    ),
    (
        _("Individus"),
        "people:person_search",
        {Role.MANAGER, Role.DELEGATE, Role.TRAINER, Role.INSTRUCTOR, Role.SUPPORT, Role.NATIONAL},
    ),
    (_("Doublons"), "duplicates:queue", {Role.INSTRUCTOR, Role.SUPPORT, Role.NATIONAL}),
    (_("Équipe pédagogique"), "trainers:team_list", {Role.MANAGER, Role.DELEGATE}),
    (_("Espace formateur"), "trainers:my_space", {Role.TRAINER}),
    (_("Certificats de formateur"), "trainers:certificate_record", {Role.SUPPORT, Role.NATIONAL}),
    (_("Référentiels"), "referentials:index", {Role.INSTRUCTOR, Role.SUPPORT, Role.NATIONAL}),
    (
        _("Préparation de la bascule"),
        "switchover:readiness",
        {Role.INSTRUCTOR, Role.SUPPORT, Role.NATIONAL},
    ),
    (_("Administration"), "audit:audit_log", {Role.SUPPORT, Role.NATIONAL}),
    (_("Gels de fonctionnalités"), "freezes:freeze_list", {Role.NATIONAL}),
    (_("Tâches planifiées"), "scheduler:job_list", {Role.SUPPORT, Role.NATIONAL}),
    (_("Outils"), "accounts:my_info", None),
    (_("Aide et contact"), "public:help", None),
]


def _section_open(request, url_name) -> bool:
    """Sections whose data a delegate's rights gate (the view refuses them too): « Individus »
    and « Régularisations » need a session right."""
    entity = request.role.entity
    if url_name == "people:person_search":
        return can_search_people(request.user, request.role)
    if entity is None:
        return True
    if url_name == "regularisations:request_list":
        return can_view_regularisations(request.user, entity)
    return True


def navigation(request):
    role_context = getattr(request, "role", None)
    if role_context is None or not request.user.is_authenticated:
        return {
            "nav_sections": [
                {"label": _("Accueil"), "url": reverse("public:home")},
                {
                    "label": _("Annuaire des entités habilitées"),
                    "url": reverse("directory:entity_list"),
                },
                {
                    "label": _("Sessions inter-entreprises"),
                    "url": reverse("directory:session_list"),
                },
                {"label": _("Demander une habilitation"), "url": reverse("apply:start")},
                {"label": _("Vérifier un certificat"), "url": reverse("verification:verify_form")},
                {"label": _("Aide et contact"), "url": reverse("public:help")},
            ]
        }
    role = role_context.role
    if request.user.is_superuser and not request.user.staff_role:
        role = Role.NATIONAL
    sections = []
    for label, url_name, roles in _SECTIONS:
        if (roles is None or role in roles) and _section_open(request, url_name):
            url = reverse(url_name)
            sections.append({"label": label, "url": url})
    current = request.path
    for section in sections:
        section["current"] = current.startswith(section["url"]) and section["url"] != "/"
    return {"nav_sections": sections, "current_role": role}
