"""Writes on training sessions: declare, enrol trainees (by hand or from an import)."""

from django.db import transaction
from django.utils.translation import gettext as _

from forprev.accounts.identifiers import issue_forprev_ids_bulk
from forprev.accounts.models import User
from forprev.accreditations.models import Accreditation
from forprev.core.exceptions import DomainError
from forprev.people.models import Person, person_name_key

from .models import Enrolment, SessionTrainer, TrainingSession
from .rules import can_declare_session, can_edit_session


@transaction.atomic
def session_create(*, entity, by, trainer_logins, **fields) -> TrainingSession:
    """Declare a session. The entity must hold a habilitation for that dispositif and level;
    trainers are named by numéro Forprev (their certificates are checked at closing)."""
    if not can_declare_session(by, entity):
        raise DomainError(_("Vous n'avez pas le droit de déclarer des sessions pour cette entité."))
    level = fields["programme_level"]
    if (
        not Accreditation.objects.active_on(fields["starts_on"])
        .filter(entity=entity, programme_level=level)
        .exists()
    ):
        raise DomainError(
            _("L'entité n'est pas habilitée pour %(level)s au premier jour de la session.")
            % {"level": level},
            field="programme_level",
        )
    trainers = []
    for login in trainer_logins:
        trainer = User.objects.with_login(login).filter(is_active=True, staff_role="").first()
        if trainer is None:
            raise DomainError(
                _("Aucun formateur ne porte le numéro Forprev « %(login)s ».") % {"login": login},
                field="trainers",
            )
        trainers.append(trainer)
    if not trainers:
        raise DomainError(_("Nommez au moins un formateur."), field="trainers")
    session = TrainingSession(entity=entity, created_by=by, **fields)
    session.full_clean()
    session.save()
    SessionTrainer.objects.bulk_create(
        [SessionTrainer(session=session, trainer=t) for t in dict.fromkeys(trainers)]
    )
    return session


@transaction.atomic
def trainees_import(*, session, rows, by) -> int:
    """Enrol every row of a valid import at once (bulk). A person already known with the same
    names and birth date is reused; others are created with a numéro Forprev."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if not can_edit_session(by, session):
        raise DomainError(_("Les stagiaires ne peuvent plus être modifiés pour cette session."))
    rows = list(rows)
    if any(not row.is_valid for row in rows):
        raise DomainError(_("Corrigez le fichier : certaines lignes contiennent des erreurs."))
    enrolled = session.enrolments.count()
    if enrolled + len(rows) > session.capacity:
        raise DomainError(
            _(
                "La session compte %(capacity)d places : %(enrolled)d déjà inscrits, %(new)d dans le fichier."
            )
            % {"capacity": session.capacity, "enrolled": enrolled, "new": len(rows)}
        )
    keys = {(person_name_key(r.last_name, r.first_name), r.birth_date) for r in rows}
    known = {
        (p.name_key, p.birth_date): p
        for p in Person.objects.filter(
            name_key__in={key for key, _ in keys}, birth_date__in={day for _, day in keys}
        )
    }
    missing = [
        r for r in rows if (person_name_key(r.last_name, r.first_name), r.birth_date) not in known
    ]
    ids = iter(issue_forprev_ids_bulk(len(missing), None)) if missing else iter(())
    created = Person.objects.bulk_create(
        [
            Person(
                forprev_id=next(ids),
                last_name=r.last_name,
                first_name=r.first_name,
                birth_date=r.birth_date,
                email=r.email,
                name_key=person_name_key(r.last_name, r.first_name),
            )
            for r in missing
        ],
        batch_size=1000,
    )
    for person in created:
        known[(person.name_key, person.birth_date)] = person
    already = set(session.enrolments.values_list("person_id", flat=True))
    persons = {known[(person_name_key(r.last_name, r.first_name), r.birth_date)] for r in rows}
    Enrolment.objects.bulk_create(
        [Enrolment(session=session, person=p) for p in persons if p.pk not in already],
        batch_size=1000,
    )
    return len(persons - {p for p in persons if p.pk in already})
