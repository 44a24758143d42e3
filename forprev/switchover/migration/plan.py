"""What the phases must know before they start, read ahead from the small files.

- Which accounts are rows to migrate (not rejected), who keeps a shared e-mail address (the
  account with the smallest id), which entity an account is first attached to (for the totals
  by entity and caisse).
- Trainer duplicates (``trainer_duplicates``: certain groups only; the account of the trainer
  with the smallest id is kept): the merged trainer's account and person fold into the kept
  one's.
- Which person becomes which trainer's account's person (``Person.user``, one to one).
"""

from dataclasses import dataclass, field

from ..legacy.spec import PROFILES_FILE, TRAINERS, USERS
from ..trainer_duplicates import TrainerRecord, trainer_duplicates
from .accounts import clean_email, user_rejection
from .entities import valid_email


@dataclass
class Plan:
    users: set[str] = field(default_factory=set)  # accounts that are migrated or merged
    email_holder: dict[str, str] = field(default_factory=dict)  # e-mail → account keeping it
    merged_users: dict[str, str] = field(default_factory=dict)  # account → kept account
    merged_trainers: dict[str, str] = field(default_factory=dict)  # formateur → kept formateur
    merged_persons: dict[str, str] = field(default_factory=dict)  # individu → kept individu
    person_user: dict[str, str] = field(default_factory=dict)  # individu → its account
    user_entity: dict[str, str] = field(default_factory=dict)  # account → first entity
    trainer_groups: int = 0
    probable_pairs: int = 0

    def kept_user(self, user_id: str) -> str:
        return self.merged_users.get(user_id, user_id)

    def kept_person(self, person_id: str) -> str:
        return self.merged_persons.get(person_id, person_id)


def _id_order(value: str) -> tuple:
    return (int(value), value)


def make_plan(ctx) -> Plan:
    plan = Plan()
    emails: dict[str, list[str]] = {}
    for record in ctx.peek(USERS):
        if record.rejected:
            continue
        user_id = record.values["id_utilisateur"]
        if user_id in plan.users or user_rejection(record.values):
            continue
        plan.users.add(user_id)
        email = clean_email(record.values["email"])
        if email and valid_email(email):
            emails.setdefault(email, []).append(user_id)

    for record in ctx.peek(PROFILES_FILE):
        if not record.rejected:
            plan.user_entity.setdefault(record.values["id_utilisateur"], record.values["id_entite"])

    trainers: dict[str, dict] = {}
    numeric_ids: set[int] = set()
    for record in ctx.peek(TRAINERS):
        if record.rejected:
            continue
        values = record.values
        trainer_id = values["id_formateur"]
        if trainer_id in trainers or int(trainer_id) in numeric_ids:
            continue
        if values["id_utilisateur"] not in plan.users:
            continue
        trainers[trainer_id] = values
        numeric_ids.add(int(trainer_id))
    found = trainer_duplicates(
        TrainerRecord(t, v["nom"], v["prenom"], v["date_naissance"], v["email"])
        for t, v in trainers.items()
    )
    plan.trainer_groups, plan.probable_pairs = len(found.groups), len(found.probable)
    for merged, kept in found.kept.items():
        plan.merged_trainers[merged] = kept
        merged_user, kept_user = (
            trainers[merged]["id_utilisateur"],
            trainers[kept]["id_utilisateur"],
        )
        if merged_user != kept_user:
            plan.merged_users[merged_user] = kept_user
        merged_person, kept_person = trainers[merged]["id_individu"], trainers[kept]["id_individu"]
        if merged_person and kept_person and merged_person != kept_person:
            plan.merged_persons[merged_person] = kept_person

    # Accounts and persons one to one: the first trainer row (kept trainers first) links.
    linked_users: set[str] = set()
    ordered = sorted(trainers, key=lambda t: (t in plan.merged_trainers, _id_order(t)))
    for trainer_id in ordered:
        values = trainers[trainer_id]
        person = values["id_individu"]
        if not person:
            continue
        person = plan.kept_person(person)
        user = plan.kept_user(values["id_utilisateur"])
        if person in plan.person_user or user in linked_users:
            continue
        plan.person_user[person] = user
        linked_users.add(user)

    for email, holders in emails.items():
        holders = [h for h in holders if h not in plan.merged_users]
        if holders:
            plan.email_holder[email] = min(holders, key=_id_order)
    for user_id, kept in plan.merged_users.items():
        plan.user_entity.setdefault(kept, plan.user_entity.get(user_id, ""))
    return plan
