"""What each role has to do, for the private home (``/espace/``).

A composition of the domains' reads: each section is one or two queries whatever the amount of
data (a bounded list and its total, or counts grouped in one query), and every item links to the
page where the action is done, only when the viewer may open it (the rule the target view checks
is called here too).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forprev.accounts.enums import Role
from forprev.accounts.rules import can_run_scheduled_jobs
from forprev.accreditations import rules as accreditation_rules
from forprev.accreditations.enums import CLOSED_STATUSES, IN_REVIEW_STATUSES, RequestStatus
from forprev.accreditations.models import Accreditation, AccreditationRequest
from forprev.certificates.models import Certificate, CertificateState
from forprev.certificates.states import state_sentence
from forprev.core.dates import add_months
from forprev.core.enums import JobRunStatus
from forprev.core.models import JobRun
from forprev.core.scheduling import JOBS
from forprev.entities.enums import InvitationKind
from forprev.entities.models import Invitation
from forprev.entities.rules import can_invite
from forprev.freezes.rules import can_manage_freezes
from forprev.freezes.selectors import current_freezes
from forprev.people.requests import PersonRequest, PersonRequestKind
from forprev.people.rules import can_review_duplicates
from forprev.people.selectors import (
    duplicates_to_review_count_for,
    open_merge_requests_count_for,
)
from forprev.switchover.checks.rules import can_view_readiness
from forprev.switchover.models import ConformityRun
from forprev.training import rules as training_rules
from forprev.training.closing import WAIVERS, closing_deadline
from forprev.training.enums import RegularisationStatus, SessionStatus
from forprev.training.models import (
    RegularisationRequest,
    SessionTrainer,
    TrainingSession,
)

# Items listed per section; the total and a link to the full list say the rest.
ITEMS_SHOWN = 10
# Habilitations shown as expiring: renewal opens 6 months before expiry (DOMAIN.md).
EXPIRY_WINDOW_MONTHS = 6


@dataclass
class Badge:
    text: str
    level: str = ""  # DSFR badge modifier: "success", "warning", "error", "info", "new"


@dataclass
class Action:
    label: str
    url: str
    context: str = ""  # for screen readers: what the link is about
    post: bool = False  # a button posting to ``url`` (e.g. resend an invitation)


@dataclass
class Item:
    text: str
    detail: str = ""
    badges: list[Badge] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    total: int = 0
    more: Action | None = None
    empty_text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.items


def _date(day) -> str:
    return day.strftime("%d/%m/%Y")


def _days_since(moment, today: date) -> int:
    if moment is None:
        return 0
    if isinstance(moment, datetime):
        moment = timezone.localdate(moment)
    return max((today - moment).days, 0)


def _waiting_text(days: int) -> str:
    return ngettext(
        "la plus ancienne attend depuis %(days)d jour",
        "la plus ancienne attend depuis %(days)d jours",
        days,
    ) % {"days": days}


def _see(url: str, context: str) -> Action:
    return Action(label=_("Voir"), url=url, context=context)


def _session_label(session) -> str:
    return _("%(level)s du %(start)s au %(end)s à %(city)s") % {
        "level": session.programme_level,
        "start": _date(session.starts_on),
        "end": _date(session.ends_on),
        "city": session.place_city,
    }


def _bounded(queryset) -> tuple[list, int]:
    """The first rows and the total, in one query whatever the number of rows (the total is a
    window count over the whole selection, computed before the limit)."""
    rows = list(queryset.annotate(todo_total=Window(Count("pk")))[:ITEMS_SHOWN])
    return rows, (rows[0].todo_total if rows else 0)


# Entity members (manager, delegates) -------------------------------------------------------------


def expiring_accreditations_section(user, entity, today: date) -> Section | None:
    """Habilitations ending within 6 months, soonest first; for those who follow the entity's
    applications (the manager, delegates holding « consulter les demandes »)."""
    if not accreditation_rules.can_view_requests(user, entity):
        return None
    accreditations = (
        Accreditation.objects.filter(entity=entity)
        .expiring_between(today, add_months(today, EXPIRY_WINDOW_MONTHS))
        .select_related("programme_level__programme")
        .order_by("expires_on", "pk")
    )
    rows, total = _bounded(accreditations)
    entity_url = reverse("entities:entity_detail", args=[entity.public_id])
    can_renew = accreditation_rules.can_create_request(user, entity)
    items = []
    for accreditation in rows:
        label = str(accreditation.programme_level)
        actions = [_see(entity_url, _("l'habilitation %(level)s") % {"level": label})]
        if can_renew:
            actions.append(
                Action(
                    label=_("Demander le renouvellement"),
                    url=reverse("accreditations:request_create"),
                    context=label,
                )
            )
        days = (accreditation.expires_on - today).days
        items.append(
            Item(
                text=label,
                detail=_("Échéance le %(day)s") % {"day": _date(accreditation.expires_on)},
                badges=[
                    Badge(
                        ngettext("Expire dans %(n)d jour", "Expire dans %(n)d jours", days)
                        % {"n": days},
                        "warning",
                    )
                ],
                actions=actions,
            )
        )
    return Section(
        key="expiring_accreditations",
        title=_("Habilitations arrivant à échéance dans les 6 mois"),
        items=items,
        total=total,
        more=_see(entity_url, _("toutes les habilitations")) if total > len(items) else None,
    )


def sessions_to_close_section(user, entity, today: date) -> Section | None:
    """Sessions the trainer validated, to close within the closing deadline (3 months after the
    last day by default); for those holding the closing right."""
    if not training_rules.has_close_right(user, entity):
        return None
    waived = RegularisationRequest.objects.filter(
        session=OuterRef("pk"),
        kind__in=list(WAIVERS),
        status=RegularisationStatus.AUTHORISED,
        open_until__gte=today,
    )
    sessions = (
        TrainingSession.objects.filter(entity=entity, status=SessionStatus.VALIDATED)
        .select_related("programme_level__programme")
        .annotate(waived=Exists(waived))
        .order_by("ends_on", "pk")
    )
    rows, total = _bounded(sessions)
    items = []
    for session in rows:
        deadline = closing_deadline(session.ends_on)
        label = _session_label(session)
        if session.waived:
            badges = [Badge(_("Régularisation autorisée"), "info")]
        elif deadline < today:
            badges = [Badge(_("Délai de clôture dépassé"), "error")]
        else:
            badges = [Badge(_("À clôturer"), "warning")]
        items.append(
            Item(
                text=label,
                detail=_("À clôturer au plus tard le %(day)s") % {"day": _date(deadline)},
                badges=badges,
                actions=[_see(reverse("training:session_detail", args=[session.public_id]), label)],
            )
        )
    return Section(
        key="sessions_to_close",
        title=_("Sessions à clôturer"),
        items=items,
        total=total,
        more=_see(reverse("training:session_list"), _("toutes les sessions"))
        if total > len(items)
        else None,
    )


def _trainer_names(session) -> str:
    return ", ".join(row.trainer.get_full_name() for row in session.trainers.all())


def sessions_awaiting_trainer_section(user, entity) -> Section | None:
    """Sessions submitted to their trainer, not yet validated; for those who declare them."""
    if not training_rules.can_declare_session(user, entity):
        return None
    sessions = (
        TrainingSession.objects.filter(entity=entity, status=SessionStatus.SUBMITTED)
        .select_related("programme_level__programme")
        .prefetch_related(
            Prefetch("trainers", queryset=SessionTrainer.objects.select_related("trainer"))
        )
        .order_by("ends_on", "pk")
    )
    rows, total = _bounded(sessions)
    items = [
        Item(
            text=_session_label(session),
            detail=_("Formateur : %(names)s") % {"names": _trainer_names(session)},
            badges=[Badge(_("En attente du formateur"), "info")],
            actions=[
                _see(
                    reverse("training:session_detail", args=[session.public_id]),
                    _session_label(session),
                )
            ],
        )
        for session in rows
    ]
    return Section(
        key="sessions_awaiting_trainer",
        title=_("Sessions en attente de validation par le formateur"),
        items=items,
        total=total,
        more=_see(reverse("training:session_list"), _("toutes les sessions"))
        if total > len(items)
        else None,
    )


# What the manager does next on an application, by state.
_APPLICATION_NEXT = {
    RequestStatus.DRAFT: (_("À compléter et transmettre"), "warning"),
    RequestStatus.COMPLEMENTS_REQUESTED: (_("Compléments demandés par la caisse"), "warning"),
}


def applications_section(user, entity) -> Section | None:
    """The entity's applications not yet decided, and where each stands."""
    if not accreditation_rules.can_view_requests(user, entity):
        return None
    applications = (
        AccreditationRequest.objects.filter(entity=entity)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("entity")
        .prefetch_related("items__programme_level__programme")
        .order_by("created_at", "pk")
    )
    rows, total = _bounded(applications)
    items = []
    for application in rows:
        levels = ", ".join(str(item.programme_level) for item in application.items.all())
        label = f"{application.get_kind_display()} — {levels}" if levels else str(application)
        status = RequestStatus(application.status)
        next_step = _APPLICATION_NEXT.get(status)
        badges = [Badge(status.label, "info")]
        if next_step:
            badges.append(Badge(*next_step))
        items.append(
            Item(
                text=label,
                detail=_("Transmise le %(day)s") % {"day": _date(application.transmitted_at)}
                if application.transmitted_at
                else _("Non transmise"),
                badges=badges,
                actions=[
                    _see(
                        reverse("accreditations:request_detail", args=[application.public_id]),
                        label,
                    )
                ],
            )
        )
    return Section(
        key="applications",
        title=_("Demandes d'habilitation en cours"),
        items=items,
        total=total,
        more=_see(reverse("accreditations:request_list"), _("toutes les demandes"))
        if total > len(items)
        else None,
    )


def pending_invitations_section(user, entity, now) -> Section | None:
    """Invitations the entity sent and nobody answered yet (expired ones too: they are resent)."""
    kinds = [kind for kind in InvitationKind if can_invite(user, entity, kind)]
    if not kinds:
        return None
    invitations = (
        Invitation.objects.pending()
        .filter(entity=entity, kind__in=kinds)
        .order_by("expires_at", "pk")
    )
    rows, total = _bounded(invitations)
    lists = {
        InvitationKind.DELEGATE: reverse("entities:delegate_list", args=[entity.public_id]),
        InvitationKind.TRAINER: reverse("trainers:team_list"),
    }
    items = []
    for invitation in rows:
        expired = invitation.expires_at <= now
        label = _("%(identifier)s, invité(e) comme %(kind)s") % {
            "identifier": invitation.identifier,
            "kind": invitation.get_kind_display().lower(),
        }
        items.append(
            Item(
                text=label,
                detail=(
                    _("Lien expiré le %(day)s") if expired else _("Lien valable jusqu'au %(day)s")
                )
                % {"day": _date(timezone.localtime(invitation.expires_at))},
                badges=[Badge(_("Lien expiré"), "error")]
                if expired
                else [Badge(_("En attente de réponse"), "info")],
                actions=[
                    _see(lists[invitation.kind], label),
                    Action(
                        label=_("Renvoyer l'invitation"),
                        url=reverse(
                            "entities:invitation_resend",
                            args=[entity.public_id, invitation.public_id],
                        ),
                        context=invitation.identifier,
                        post=True,
                    ),
                ],
            )
        )
    return Section(
        key="pending_invitations",
        title=_("Invitations envoyées en attente de réponse"),
        items=items,
        total=total,
    )


def member_sections(user, entity, today: date, now) -> list[Section]:
    """The manager's to-do list; a delegate's, limited to the rights they hold."""
    sections = [
        sessions_to_close_section(user, entity, today),
        sessions_awaiting_trainer_section(user, entity),
        expiring_accreditations_section(user, entity, today),
        applications_section(user, entity),
        pending_invitations_section(user, entity, now),
    ]
    return [section for section in sections if section is not None]


# Trainers and trainees -------------------------------------------------------------------------


def sessions_to_validate_section(user) -> Section:
    """Sessions submitted to ``user`` as their trainer: they confirm identities and results."""
    sessions = (
        TrainingSession.objects.filter(trainers__trainer=user, status=SessionStatus.SUBMITTED)
        .select_related("entity", "programme_level__programme")
        .order_by("ends_on", "pk")
    )
    rows, total = _bounded(sessions)
    items = []
    for session in rows:
        label = _session_label(session)
        items.append(
            Item(
                text=label,
                detail=_("Entité : %(name)s") % {"name": session.entity.name},
                badges=[Badge(_("À valider"), "warning")],
                actions=[
                    Action(
                        label=_("Valider la session"),
                        url=reverse("training:session_validate", args=[session.public_id]),
                        context=label,
                    )
                ],
            )
        )
    return Section(
        key="sessions_to_validate",
        title=_("Sessions à valider en tant que formateur"),
        items=items,
        total=total,
        more=_see(reverse("trainers:my_space"), _("mon espace formateur"))
        if total > len(items)
        else None,
    )


_CERTIFICATE_BADGES = {
    CertificateState.VALID: "success",
    CertificateState.EXPIRED: "warning",
    CertificateState.REVOKED: "error",
}


def my_certificates_section(user, today: date) -> Section:
    """The certificates the user holds, newest first, each with its state (``state_on``) and the
    public verification page."""
    certificates = (
        Certificate.objects.filter(person__user=user)
        .select_related("programme_level__programme", "entity")
        .order_by("-issued_on", "pk")
    )
    rows, total = _bounded(certificates)
    items = []
    for certificate in rows:
        state = certificate.state_on(today)
        label = _("%(level)s n° %(number)s") % {
            "level": certificate.programme_level,
            "number": certificate.number,
        }
        detail = state_sentence(certificate, day=today)
        items.append(
            Item(
                text=label,
                detail=detail,
                badges=[Badge(state.label, _CERTIFICATE_BADGES.get(state, "info"))],
                actions=[
                    _see(
                        reverse("verification:verify_code", args=[certificate.verification_code]),
                        label,
                    )
                ],
            )
        )
    return Section(
        key="my_certificates",
        title=_("Mes certificats"),
        items=items,
        total=total,
        empty_text=_("Vous n'avez pas encore de certificat."),
    )


# Staff: queues as counts ------------------------------------------------------------------------


def _count_item(text: str, count: int, url: str, detail: str = "") -> Item:
    return Item(
        text=text,
        detail=detail,
        badges=[Badge(str(count), "info")],
        actions=[_see(url, text)],
    )


def applications_queue_section(user, today: date, statuses) -> Section:
    """Applications of the user's scope by state: how many, and for how long the oldest waits
    (since transmission). One query."""
    rows = (
        AccreditationRequest.objects.visible_to(user)
        .filter(status__in=statuses)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"), oldest=Min("transmitted_at"))
    )
    by_status = {row["status"]: row for row in rows}
    base = reverse("accreditations:request_list")
    items = []
    for status in statuses:
        row = by_status.get(status)
        if not row:
            continue
        items.append(
            _count_item(
                RequestStatus(status).label,
                row["n"],
                f"{base}?{urlencode({'status': status})}",
                _waiting_text(_days_since(row["oldest"], today)),
            )
        )
    return Section(
        key="applications_queue",
        title=_("Demandes d'habilitation"),
        items=items,
        total=sum(row["n"] for row in by_status.values()),
    )


def regularisations_queue_section(user, today: date) -> Section:
    figures = (
        RegularisationRequest.objects.visible_to(user)
        .filter(status=RegularisationStatus.PENDING)
        .aggregate(n=Count("pk"), oldest=Min("created_at"))
    )
    items = []
    if figures["n"]:
        url = reverse("regularisations:request_list") + "?" + urlencode({"etat": "pending"})
        items.append(
            _count_item(
                _("Demandes de régularisation à traiter"),
                figures["n"],
                url,
                _waiting_text(_days_since(figures["oldest"], today)),
            )
        )
    return Section(
        key="regularisations_queue",
        title=_("Régularisations"),
        items=items,
        total=figures["n"],
    )


def person_requests_queue_section(user, today: date) -> Section:
    """« Stagiaire introuvable » and « erreur de coordonnées » requests waiting for ``user``'s
    answer (``PersonRequest.objects.awaiting``), by kind."""
    rows = (
        PersonRequest.objects.awaiting(user)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"), oldest=Min("created_at"))
    )
    by_kind = {row["kind"]: row for row in rows}
    url = reverse("people:request_list")
    items = [
        _count_item(
            PersonRequestKind(kind).label,
            by_kind[kind]["n"],
            url,
            _waiting_text(_days_since(by_kind[kind]["oldest"], today)),
        )
        for kind in PersonRequestKind.values
        if kind in by_kind
    ]
    return Section(
        key="person_requests_queue",
        title=_("Demandes sur des individus"),
        items=items,
        total=sum(row["n"] for row in by_kind.values()),
    )


def duplicates_queue_section(user) -> Section | None:
    """Groups of probable duplicates to review and, for support and national, the account
    holders' merge requests (both handled from « Doublons »)."""
    if not can_review_duplicates(user):
        return None
    url = reverse("duplicates:queue")
    groups = duplicates_to_review_count_for(user)
    requests = open_merge_requests_count_for(user)
    items = []
    if groups:
        items.append(_count_item(_("Groupes de doublons probables à examiner"), groups, url))
    if requests:
        items.append(_count_item(_("Demandes de fusion de comptes"), requests, url))
    return Section(
        key="duplicates_queue", title=_("Doublons"), items=items, total=groups + requests
    )


def failed_jobs_section(user) -> Section | None:
    """Periodic jobs whose last run failed (``core.job_runs`` records every run)."""
    if not can_run_scheduled_jobs(user):
        return None
    newer = JobRun.objects.filter(
        job_key=OuterRef("job_key"), enqueued_at__gt=OuterRef("enqueued_at")
    )
    failed = list(
        JobRun.objects.filter(job_key__in=list(JOBS), status=JobRunStatus.FAILED)
        .exclude(Exists(newer))
        .order_by("job_key")
    )
    url = reverse("scheduler:job_list")
    items = []
    for run in failed:
        job = JOBS[run.job_key]
        moment = run.finished_at or run.enqueued_at
        items.append(
            Item(
                text=str(job.label),
                detail=_("Dernière exécution le %(day)s à %(time)s")
                % {
                    "day": _date(timezone.localtime(moment)),
                    "time": timezone.localtime(moment).strftime("%H:%M"),
                },
                badges=[Badge(_("Échec"), "error")],
                actions=[_see(url, str(job.label))],
            )
        )
    return Section(
        key="failed_jobs",
        title=_("Tâches planifiées en échec"),
        items=items,
        total=len(items),
    )


def upcoming_freezes_section(user, today: date) -> Section | None:
    """Freezes not started yet (announced or not), for those who publish them."""
    if not can_manage_freezes(user):
        return None
    upcoming = [f for f in current_freezes(today) if f.starts_on > today]
    url = reverse("freezes:freeze_list")
    items = [
        Item(
            text=str(freeze.action_phrase),
            detail=freeze.period_text(),
            badges=[Badge(_("À venir"), "new")],
            actions=[_see(url, str(freeze.action_phrase))],
        )
        for freeze in upcoming[:ITEMS_SHOWN]
    ]
    return Section(
        key="upcoming_freezes",
        title=_("Gels de fonctionnalités à venir"),
        items=items,
        total=len(upcoming),
    )


def readiness_section(user) -> Section | None:
    """Entities not ready for the switch-over, from the current conformity run."""
    if not can_view_readiness(user):
        return None
    run = ConformityRun.objects.current()
    items = []
    not_ready = 0
    if run is not None:
        not_ready = run.summary.get("not_ready", 0)
        if not_ready:
            items.append(
                _count_item(
                    _("Entités pas encore prêtes pour la bascule"),
                    not_ready,
                    reverse("switchover:readiness"),
                    _("Contrôle du %(day)s") % {"day": _date(timezone.localtime(run.created_at))},
                )
            )
    return Section(
        key="readiness",
        title=_("Préparation de la bascule"),
        items=items,
        total=not_ready,
    )


def staff_sections(user, role: Role, today: date) -> list[Section]:
    if role == Role.INSTRUCTOR:
        sections = [
            applications_queue_section(user, today, IN_REVIEW_STATUSES),
            regularisations_queue_section(user, today),
            person_requests_queue_section(user, today),
            duplicates_queue_section(user),
        ]
    elif role == Role.SUPPORT:
        sections = [
            person_requests_queue_section(user, today),
            duplicates_queue_section(user),
            failed_jobs_section(user),
            readiness_section(user),
        ]
    else:  # national
        sections = [
            applications_queue_section(user, today, [RequestStatus.OPINION_GIVEN]),
            duplicates_queue_section(user),
            failed_jobs_section(user),
            upcoming_freezes_section(user, today),
            readiness_section(user),
        ]
    return [section for section in sections if section is not None]


def home_sections(request, today: date | None = None) -> list[Section]:
    """The home's to-do sections for the person connected, by role."""
    today = today or timezone.localdate()
    now = timezone.now()
    user = request.user
    context = request.role
    role = context.role
    if context.is_staff:
        return staff_sections(user, role, today)
    if user.is_superuser:
        return staff_sections(user, Role.NATIONAL, today)
    sections = []
    if context.entity is not None:
        sections += member_sections(user, context.entity, today, now)
    validate = sessions_to_validate_section(user)
    if role == Role.TRAINER or validate.items:
        sections.append(validate)
    certificates = my_certificates_section(user, today)
    if role == Role.PERSON or certificates.items:
        sections.append(certificates)
    return sections
