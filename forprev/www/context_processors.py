"""Header data for every page: who is connected, as what, for which entity, and the menu of the
sections they may open, grouped as in the old tool (Habilitations, Formations, Individus,
Administration…) so that it fits on one line at 1280 px for every role.

An entry is shown only when its page would open for the viewer: each entry's test calls the
rule the target view checks (a menu never leads to a « accès refusé »).
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forprev.accounts.enums import Role
from forprev.accounts.rules import can_read_audit_log, can_run_scheduled_jobs
from forprev.accreditations.rules import can_extend_accreditations, can_view_requests
from forprev.entities.rules import can_list_entities
from forprev.freezes.rules import can_manage_freezes
from forprev.people.rules import can_review_duplicates, can_search_people, can_view_trainees
from forprev.referentials.rules import can_view_referentials
from forprev.switchover.checks.rules import can_view_readiness
from forprev.trainers.rules import can_record_trainer_certificate
from forprev.training.rules import can_view_regularisations


def _staff(request) -> bool:
    return request.role.is_staff or request.user.is_superuser


def _applications(request) -> bool:
    entity = request.role.entity
    return _staff(request) or (entity is not None and can_view_requests(request.user, entity))


def _sessions(request) -> bool:
    return (
        request.role.entity is not None
        or request.role.is_staff
        or request.role.role == Role.TRAINER
    )


def _regularisations(request) -> bool:
    entity = request.role.entity
    if entity is None:
        return request.role.is_staff
    return can_view_regularisations(request.user, entity)


def _people_requests(request) -> bool:
    role, entity = request.role, request.role.entity
    if entity is not None:
        return can_view_trainees(request.user, entity)
    return role.is_staff or role.role == Role.TRAINER


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    allowed: object  # (request) -> bool


@dataclass(frozen=True)
class Group:
    label: str
    entries: tuple


MENU = (
    Entry(_("Espace"), "dashboard:home", lambda request: True),
    Group(
        _("Habilitations"),
        (
            Entry(
                _("Entités"),
                "entities:entity_list",
                lambda request: can_list_entities(request.user, request.role),
            ),
            Entry(_("Demandes d'habilitation"), "accreditations:request_list", _applications),
            Entry(
                _("Prolonger des habilitations"),
                "extensions:extension_preview",
                lambda request: can_extend_accreditations(request.user),
            ),
        ),
    ),
    Group(
        _("Formations"),
        (
            Entry(_("Sessions de formation"), "training:session_list", _sessions),
            Entry(_("Régularisations"), "regularisations:request_list", _regularisations),
            Entry(
                _("Équipe pédagogique"),
                "trainers:team_list",
                lambda request: request.role.entity is not None,
            ),
            Entry(
                _("Espace formateur"),
                "trainers:my_space",
                lambda request: request.role.role == Role.TRAINER,
            ),
            Entry(
                _("Certificats de formateur"),
                "trainers:certificate_record",
                lambda request: can_record_trainer_certificate(request.user),
            ),
        ),
    ),
    Group(
        _("Individus"),
        (
            Entry(
                _("Rechercher un individu"),
                "people:person_search",
                lambda request: can_search_people(request.user, request.role),
            ),
            Entry(_("Demandes sur des individus"), "people:request_list", _people_requests),
            Entry(
                _("Doublons à examiner"),
                "duplicates:queue",
                lambda request: can_review_duplicates(request.user),
            ),
            Entry(
                _("Fusions d'individus"),
                "duplicates:merge_list",
                lambda request: can_review_duplicates(request.user),
            ),
        ),
    ),
    Group(
        _("Administration"),
        (
            Entry(
                _("Référentiels"),
                "referentials:index",
                lambda request: can_view_referentials(request.user),
            ),
            Entry(
                _("Préparation de la bascule"),
                "switchover:readiness",
                lambda request: can_view_readiness(request.user),
            ),
            Entry(
                _("Journal des modifications"),
                "audit:audit_log",
                lambda request: can_read_audit_log(request.user),
            ),
            Entry(
                _("Gels de fonctionnalités"),
                "freezes:freeze_list",
                lambda request: can_manage_freezes(request.user),
            ),
            Entry(
                _("Tâches planifiées"),
                "scheduler:job_list",
                lambda request: can_run_scheduled_jobs(request.user),
            ),
        ),
    ),
    Group(
        _("Mon compte"),
        (
            Entry(_("Mes informations"), "accounts:my_info", lambda request: True),
            Entry(_("Mes invitations"), "entities:invitation_list", lambda request: True),
        ),
    ),
    Entry(_("Aide et contact"), "public:help", lambda request: True),
)


def _link(entry: Entry, path: str) -> dict:
    url = reverse(entry.url_name)
    return {"label": entry.label, "url": url, "current": url != "/" and path.startswith(url)}


def menu_for(request) -> list[dict]:
    """The viewer's menu: links and groups of links; a group with one entry becomes a link."""
    sections = []
    for item in MENU:
        if isinstance(item, Entry):
            if item.allowed(request):
                sections.append(_link(item, request.path))
            continue
        links = [_link(entry, request.path) for entry in item.entries if entry.allowed(request)]
        if len(links) == 1:
            sections.append(links[0])
        elif links:
            # The longest matching URL is the current page (« /habilitations/prolongations/ »
            # is not « /habilitations/ »).
            current = max(
                (link for link in links if link["current"]),
                key=lambda link: len(link["url"]),
                default=None,
            )
            for link in links:
                link["current"] = link is current
            sections.append(
                {
                    "label": item.label,
                    "links": links,
                    "current": current is not None,
                    "id": f"menu-{len(sections)}",
                }
            )
    return sections


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
    return {"nav_sections": menu_for(request), "current_role": role}
