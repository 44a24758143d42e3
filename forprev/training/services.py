"""Writes on training sessions: declare, enrol trainees (by hand or from an import), take them
off; and the search the enrolment page runs."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forprev.accounts.identifiers import issue_forprev_ids_bulk
from forprev.accounts.models import User
from forprev.core.exceptions import DomainError
from forprev.people.models import Person, fold_name, person_name_key
from forprev.people.search import close_people

from .closing import closing_deadline
from .declaring import covers, habilitation_periods, not_habilitated_message, team_trainers
from .imports import MAX_AGE, MIN_AGE, TraineeRow
from .models import Enrolment, SessionTrainer, TrainingSession
from .regularisations import forgotten_session_authorisation
from .rules import can_declare_session, can_edit_session


def not_in_team_error(login: str) -> DomainError:
    """The one refusal for a numéro (or e-mail) that names no trainer of the team: the same text
    whether the account does not exist, is outside the team, was removed from it or is staff,
    so the form tells nobody's name nor whether an account bears it (docs/security/
    invitations.md). It echoes what was typed, nothing else."""
    return DomainError(
        _(
            "Aucun formateur de votre équipe pédagogique ne porte le numéro Forprev "
            "« %(login)s » : invitez-le d'abord dans l'équipe pédagogique."
        )
        % {"login": login},
        code="not_in_team",
        field="trainers",
    )


def trainers_by_login(logins, *, among, refusal=not_in_team_error) -> list[User]:
    """The trainers named by numéro Forprev (or e-mail), each once, looked for ``among`` the
    accounts given (a ``User`` queryset) and nowhere else: the same queries for every login,
    whether an account bears it or not. ``refusal(login)`` is raised for any other login."""
    trainers = []
    for login in logins:
        trainer = User.objects.with_login(login).filter(pk__in=among.values("pk")).first()
        if trainer is None:
            raise refusal(login.strip())
        trainers.append(trainer)
    if not trainers:
        raise DomainError(_("Nommez au moins un formateur."), field="trainers")
    return list(dict.fromkeys(trainers))


@transaction.atomic
def session_create(*, entity, by, trainer_logins=(), trainers=(), **fields) -> TrainingSession:
    """Declare a session. The entity must hold an active habilitation for that dispositif and
    level on every day of the session; trainers are picked from the entity's équipe pédagogique
    (``trainers``) or named by numéro Forprev among it (``trainer_logins``), nowhere else
    (their certificates are checked at closing)."""
    if not can_declare_session(by, entity):
        raise DomainError(_("Vous n'avez pas le droit de déclarer des sessions pour cette entité."))
    level = fields["programme_level"]
    periods = habilitation_periods(entity).get(level.pk, [])
    starts_on, ends_on = fields["starts_on"], fields["ends_on"]
    if starts_on and ends_on and starts_on <= ends_on and not covers(periods, starts_on, ends_on):
        raise DomainError(
            not_habilitated_message(level, periods, starts_on, ends_on), field="programme_level"
        )
    team = team_trainers(entity)
    picked = list(team.filter(pk__in=[t.pk for t in trainers]))
    if len(picked) != len({t.pk for t in trainers}):
        raise DomainError(
            _("Choisissez les formateurs parmi votre équipe pédagogique."), field="trainers"
        )
    typed = trainers_by_login(trainer_logins, among=team) if trainer_logins else []
    trainers = list(dict.fromkeys([*picked, *typed]))
    if not trainers:
        raise DomainError(_("Nommez au moins un formateur."), field="trainers")
    today = timezone.localdate()
    regularisation = None
    if closing_deadline(fields["ends_on"]) < today:
        regularisation = forgotten_session_authorisation(entity, today=today)
        if regularisation is None:
            raise DomainError(
                _(
                    "Cette session s'est terminée il y a plus longtemps que le délai de clôture : pour la déclarer, demandez d'abord à votre caisse une régularisation « session oubliée »."
                ),
                field="ends_on",
            )
    session = TrainingSession(entity=entity, created_by=by, **fields)
    session.full_clean()
    session.save()
    if regularisation is not None:
        # The authorisation now belongs to this session: its closing will lift the deadline.
        regularisation.session = session
        regularisation.save(update_fields=["session", "updated_at"])
    SessionTrainer.objects.bulk_create(
        [SessionTrainer(session=session, trainer=t) for t in trainers]
    )
    return session


@dataclass(frozen=True)
class ImportPlan:
    """What confirming an import would do to a session: the rows to enrol, the lines of the
    people already enrolled (skipped), and whether the places left suffice."""

    capacity: int
    enrolled: int  # trainees in the session before the import
    new_rows: list[TraineeRow]
    already_enrolled: frozenset[int]  # file lines of people already in the session

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.enrolled, 0)

    @property
    def excess(self) -> int:
        """Rows beyond the places left (0 when the import fits)."""
        return max(len(self.new_rows) - self.places_left, 0)

    @property
    def can_be_confirmed(self) -> bool:
        return bool(self.new_rows) and not self.excess

    def capacity_error(self) -> str | None:
        """Why the import does not fit (French), or None."""
        if not self.excess:
            return None
        return " ".join(
            [
                _("Places libres dans la session : %(left)d sur %(capacity)d.")
                % {"left": self.places_left, "capacity": self.capacity},
                ngettext(
                    "Le fichier compte %(count)d stagiaire à inscrire.",
                    "Le fichier compte %(count)d stagiaires à inscrire.",
                    len(self.new_rows),
                )
                % {"count": len(self.new_rows)},
                ngettext(
                    "Retirez %(count)d ligne du fichier, ou des stagiaires de la session, puis "
                    "déposez-le de nouveau.",
                    "Retirez %(count)d lignes du fichier, ou des stagiaires de la session, puis "
                    "déposez-le de nouveau.",
                    self.excess,
                )
                % {"count": self.excess},
            ]
        )


def trainees_import_plan(*, session, rows) -> ImportPlan:
    """The plan of importing the valid ``rows`` into ``session`` (the same rule as at
    confirmation): a row whose names (accents, case and spacing aside) and birth date are those
    of a trainee of the session is already enrolled. One query."""
    enrolled = list(session.enrolments.values_list("person__name_key", "person__birth_date"))
    keys = set(enrolled)
    new_rows, already = [], set()
    for row in rows:
        if not row.is_valid:
            continue
        if (person_name_key(row.last_name, row.first_name), row.birth_date) in keys:
            already.add(row.line)
        else:
            new_rows.append(row)
    return ImportPlan(
        capacity=session.capacity,
        enrolled=len(enrolled),
        new_rows=new_rows,
        already_enrolled=frozenset(already),
    )


@transaction.atomic
def trainees_import(*, session, rows, by) -> int:
    """Enrol every row of a valid import at once (bulk), but the people already in the session;
    returns how many were enrolled. Refused when the rows to enrol exceed the places left
    (``ImportPlan``, as the preview showed). A person already known with the same names and
    birth date is reused; others are created with a numéro Forprev."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if not can_edit_session(by, session):
        raise DomainError(_("Les stagiaires ne peuvent plus être modifiés pour cette session."))
    rows = list(rows)
    if any(not row.is_valid for row in rows):
        raise DomainError(_("Corrigez le fichier : certaines lignes contiennent des erreurs."))
    plan = trainees_import_plan(session=session, rows=rows)
    if error := plan.capacity_error():
        raise DomainError(error, code="full")
    rows = plan.new_rows
    keys = {(person_name_key(r.last_name, r.first_name), r.birth_date) for r in rows}
    # Looked up by chunks: one IN list of 5,000 names × 5,000 dates makes SQLite probe the
    # index for every pair (seconds); chunks of 500 keep each probe small.
    known = {}
    ordered = sorted(keys)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        for person in Person.objects.filter(
            name_key__in={key for key, day in chunk}, birth_date__in={day for key, day in chunk}
        ):
            if (person.name_key, person.birth_date) in keys:
                known[(person.name_key, person.birth_date)] = person
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
    # Never twice (two people of one key and birth date, one of them enrolled, are left as is).
    already = set(session.enrolments.values_list("person_id", flat=True))
    persons = {known[(person_name_key(r.last_name, r.first_name), r.birth_date)] for r in rows}
    enrolments = [Enrolment(session=session, person=p) for p in persons if p.pk not in already]
    Enrolment.objects.bulk_create(enrolments, batch_size=1000)
    return len(enrolments)


# Trainees added one by one on a session being prepared.


def birth_date_error(day: date) -> str | None:
    """Why ``day`` cannot be a trainee's birth date (French), or None: the import's rule (a
    trainee is between MIN_AGE and MAX_AGE years old)."""
    today = timezone.localdate()
    if day > today:
        return _("La date de naissance ne peut pas être dans le futur.")
    age = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
    if age < MIN_AGE:
        return _("Date de naissance invraisemblable : moins de %(age)d ans.") % {"age": MIN_AGE}
    if age > MAX_AGE:
        return _("Date de naissance invraisemblable : plus de %(age)d ans.") % {"age": MAX_AGE}
    return None


def _session_locked_for_edit(session, by) -> TrainingSession:
    """The session row, locked until the end of the transaction, once ``by`` may still
    change its trainees."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if not can_edit_session(by, session):
        raise DomainError(_("Les stagiaires ne peuvent plus être modifiés pour cette session."))
    return session


def _enrol(session, person) -> Enrolment:
    if session.enrolments.filter(person=person).exists():
        raise DomainError(
            _("%(name)s figure déjà parmi les stagiaires de cette session.")
            % {"name": f"{person.last_name.upper()} {person.first_name}"},
            code="already_enrolled",
        )
    if session.enrolments.count() >= session.capacity:
        raise DomainError(
            _("La session est complète : ses %(capacity)d places sont toutes prises.")
            % {"capacity": session.capacity},
            code="full",
        )
    enrolment = Enrolment(session=session, person=person)
    enrolment.full_clean()
    enrolment.save()
    return enrolment


@transaction.atomic
def trainee_enrol(*, session, person, by) -> Enrolment:
    """Enrol a person already known to the user (found by name and birth date)."""
    session = _session_locked_for_edit(session, by)
    if not Person.objects.visible_to(by).filter(pk=person.pk).exists():
        raise DomainError(_("Cette personne n'est pas connue de votre entité."), code="not_visible")
    return _enrol(session, person)


@transaction.atomic
def trainee_create_and_enrol(
    *,
    session,
    by,
    last_name: str,
    first_name: str,
    birth_date: date,
    email: str = "",
    distinct_from: Collection[UUID] = (),
) -> tuple[Enrolment, bool]:
    """Enrol a person typed in by hand. A person with the same names (accents, case and
    spacing aside) and birth date is reused, never doubled. Otherwise, when people ``by`` may
    see are close to the one typed in (``people.search.close_people``: the duplicate engine's
    comparison — a typo, swapped names, day and month swapped), the person is created only if
    ``by`` declared each of them another person (their ``public_id`` in ``distinct_from``);
    then one is created with a numéro Forprev. Returns the enrolment and whether the person
    was created. A reused person's data (e-mail included) is left as it is."""
    session = _session_locked_for_edit(session, by)
    last_name, first_name = " ".join(last_name.split()), " ".join(first_name.split())
    if not fold_name(last_name):
        raise DomainError(_("Indiquez le nom."), field="last_name")
    if not fold_name(first_name):
        raise DomainError(_("Indiquez le prénom."), field="first_name")
    if error := birth_date_error(birth_date):
        raise DomainError(error, field="birth_date")
    key = person_name_key(last_name, first_name)
    person = Person.objects.filter(name_key=key, birth_date=birth_date).order_by("pk").first()
    created = person is None
    if created:
        declared = set(distinct_from)
        close = close_people(by, last_name=last_name, first_name=first_name, birth_date=birth_date)
        if any(match.person.public_id not in declared for match in close):
            raise DomainError(
                _(
                    "Votre entité connaît déjà une ou plusieurs personnes proches de celle-ci "
                    "(voir la liste) : si c'est l'une d'elles, inscrivez-la ; sinon, confirmez "
                    "que ce n'est pas la même personne."
                ),
                code="close_people",
            )
        person = Person(
            last_name=last_name,
            first_name=first_name,
            birth_date=birth_date,
            email=email.strip(),
            name_key=key,
        )
        try:
            person.full_clean()
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            raise DomainError(messages[0], field=field) from error
        person.save()
    return _enrol(session, person), created


@transaction.atomic
def trainee_remove(*, session, enrolment, by) -> None:
    """Take a trainee off a session being prepared. The person stays in the registry."""
    session = _session_locked_for_edit(session, by)
    enrolment = session.enrolments.filter(pk=enrolment.pk).first()
    if enrolment is None:
        raise DomainError(
            _("Ce stagiaire n'est plus inscrit à cette session."), code="not_enrolled"
        )
    enrolment.delete()
