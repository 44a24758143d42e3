"""Closing a session and importing trainees, measured through the pages (``manage.py bench``).

**Closing**: sessions of 10 trainees are prepared untimed through the services (declared by a
manager for an entity habilitated for SST acteur over the session's days, a trainer holding a
valid SST trainer certificate, trainees enrolled, submitted, validated by the trainer with every
trainee passed). Then, timed, the manager's two requests: POST « Clôturer » (every closing rule
checked, the certificates issued in the same transaction) and GET the session's certificates as
one PDF. The trainees have no e-mail address: the e-mails with their PDF are background tasks
after the commit, not part of the closing.

**Import**: a CSV of N trainees (French names, a tenth of them already known to Forprev) is
uploaded to a session with enough places (POST: every row checked and shown in the preview), then
confirmed (POST: parsed again, persons matched or created with their numéro Forprev, everyone
enrolled). Timed: both requests, as the manager's browser would send them.

Everything the bench created (sessions, enrolments, certificates, new persons) is deleted
afterwards, untimed, so the dataset stays the same from one run to the next; sessions left by an
interrupted run are recognised by their place and deleted first.
"""

import random
import re
import statistics
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forprev.accounts.models import User
from forprev.accounts.synthetic import random_person
from forprev.accreditations.models import Accreditation
from forprev.certificates.models import Certificate
from forprev.entities.enums import MembershipRole
from forprev.entities.models import Membership
from forprev.people.models import Person, person_name_key
from forprev.referentials.models import ProgrammeLevel
from forprev.trainers.models import TeamMembership, TrainerCertificate
from forprev.training import closing, services
from forprev.training.enums import Result, SessionKind, SessionStatus
from forprev.training.imports import TraineeRow
from forprev.training.models import Enrolment, TrainingSession

from . import Figure, logged_in_client, percentile

# Sessions created by the bench are held here (and deleted afterwards).
BENCH_PLACE = "Banc de mesure Forprev"
CLOSING_TRAINEES = 10
KNOWN_SHARE = 0.1  # rows of an import that match a person already known
_TOKEN = re.compile(r'name="token" value="([0-9a-f]{32}(?:\.csv)?)"')


@dataclass(frozen=True)
class Setup:
    """An entity habilitated for SST acteur over ``first_day``–``last_day``, its manager and a
    trainer of its team with a valid SST trainer certificate over those days."""

    manager: User
    trainer: User
    level: ProgrammeLevel
    first_day: date
    last_day: date

    @property
    def entity(self):
        return Membership.objects.get(user=self.manager, role=MembershipRole.MANAGER).entity


def find_setup(*, first_day: date, last_day: date) -> Setup:
    level = ProgrammeLevel.objects.select_related("programme").get(programme__code="SST", level=1)
    habilitations = (
        Accreditation.objects.active_on(first_day)
        .filter(programme_level=level, expires_on__gte=last_day)
        .order_by("entity_id")
        .values_list("entity_id", flat=True)
    )
    certified = (
        TrainerCertificate.objects.valid_on(first_day)
        .filter(
            programme_level__programme=level.programme,
            programme_level__level__gt=level.level,
            valid_until__gte=last_day,
            holder__is_active=True,
            holder__staff_role="",
        )
        .order_by("holder_id")
    )
    for entity_id in habilitations[:200]:
        managers = Membership.objects.active().filter(
            entity_id=entity_id, role=MembershipRole.MANAGER, user__is_active=True
        )
        manager = managers.order_by("pk").values_list("user_id", flat=True).first()
        # One entity per manager: the role context then needs no choice of entity.
        if manager is None or Membership.objects.active().filter(user_id=manager).count() != 1:
            continue
        # A trainer of the entity's team: the session form names no one else.
        team = TeamMembership.objects.active().filter(entity_id=entity_id).values("trainer_id")
        trainer = certified.filter(holder__in=team).values_list("holder_id", flat=True).first()
        if trainer is None:
            continue
        return Setup(
            manager=User.objects.get(pk=manager),
            trainer=User.objects.get(pk=trainer),
            level=level,
            first_day=first_day,
            last_day=last_day,
        )
    raise CommandError(
        "Aucune entité habilitée SST avec un formateur certifié dans son équipe sur les jours de la "
        "mesure : jeu de données incomplet."
    )


def trainee_rows(count: int, rng: random.Random, *, known_share: float = 0.0) -> list[TraineeRow]:
    """``count`` distinct trainees; ``known_share`` of them are persons already in Forprev."""
    rows: list[TraineeRow] = []
    seen: set[tuple] = set()
    known_wanted = round(count * known_share)
    if known_wanted:
        top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        picks = {rng.randint(1, top) for _ in range(known_wanted * 2)} if top else set()
        for last, first, born in Person.objects.filter(pk__in=picks).values_list(
            "last_name", "first_name", "birth_date"
        )[:known_wanted]:
            key = (person_name_key(last, first), born)
            if key not in seen:
                seen.add(key)
                rows.append(TraineeRow(len(rows) + 2, last, first, born, ""))
    today = timezone.localdate()
    while len(rows) < count:
        person = random_person(rng)
        born = today - timedelta(days=rng.randint(18 * 366, 60 * 365))
        key = (person_name_key(person.last_name, person.first_name), born)
        if key in seen:
            continue
        seen.add(key)
        rows.append(TraineeRow(len(rows) + 2, person.last_name, person.first_name, born, ""))
    return rows


def _new_session(setup: Setup, *, capacity: int, starts_on: date, ends_on: date):
    return services.session_create(
        entity=setup.entity,
        by=setup.manager,
        trainer_logins=[setup.trainer.forprev_id],
        programme_level=setup.level,
        kind=SessionKind.INITIAL,
        starts_on=starts_on,
        ends_on=ends_on,
        place_address=BENCH_PLACE,
        place_city="Paris",
        is_inter=False,
        is_public=False,
        capacity=capacity,
    )


def prepare_validated_session(setup: Setup, rng: random.Random) -> TrainingSession:
    """A 2-day session ended yesterday, 10 trainees enrolled, validated by its trainer."""
    session = _new_session(
        setup,
        capacity=CLOSING_TRAINEES,
        starts_on=setup.last_day - timedelta(days=1),
        ends_on=setup.last_day,
    )
    services.trainees_import(
        session=session, rows=trainee_rows(CLOSING_TRAINEES, rng), by=setup.manager
    )
    closing.session_submit(session=session, by=setup.manager)
    results = {str(public_id): (True, Result.PASSED) for public_id in
               session.enrolments.values_list("public_id", flat=True)}  # fmt: skip
    return closing.session_validate(session=session, by=setup.trainer, results=results)


def closing_figures(*, sessions: int, seed: int = 2026) -> list[Figure]:
    """Median and p95 of closing a 10-trainee session + its certificates' PDF, and each part."""
    cleanup()
    today = timezone.localdate()
    setup = find_setup(first_day=today - timedelta(days=2), last_day=today - timedelta(days=1))
    rng = random.Random(f"forprev-bench/closing/{seed}")
    client = logged_in_client(setup.manager)
    totals, closings, pdfs = [], [], []
    try:
        for index in range(sessions + 1):  # the first one warms up (fonts, templates)
            session = prepare_validated_session(setup, rng)
            close_url = reverse("training:session_close", args=[session.public_id])
            pdf_url = reverse("training:certificates_pdf", args=[session.public_id])
            started = time.perf_counter()
            closed = client.post(close_url, {"confirm": "on"})
            middle = time.perf_counter()
            pdf = client.get(pdf_url)
            ended = time.perf_counter()
            session.refresh_from_db()
            if closed.status_code != 302 or session.status != SessionStatus.CLOSED:
                raise CommandError(
                    f"Mesure de la clôture interrompue : réponse {closed.status_code}, "
                    f"session « {session.get_status_display()} »."
                )
            issued = session.certificates.count()
            if pdf.status_code != 200 or issued != CLOSING_TRAINEES:
                raise CommandError(
                    f"Mesure de la clôture interrompue : PDF en réponse {pdf.status_code}, "
                    f"{issued} certificats délivrés."
                )
            if index:
                closings.append((middle - started) * 1000)
                pdfs.append((ended - middle) * 1000)
                totals.append((ended - started) * 1000)
    finally:
        client.logout()
        cleanup()
    return [
        Figure("session_close_with_pdf_p50", statistics.median(totals), "ms"),
        Figure("session_close_with_pdf_p95", percentile(totals, 0.95), "ms"),
        Figure("session_close_p50", statistics.median(closings), "ms"),
        Figure("session_certificates_pdf_p50", statistics.median(pdfs), "ms"),
    ]


def trainees_csv(rows: list[TraineeRow]) -> bytes:
    lines = ["Nom;Prénom;Date de naissance;E-mail"]
    lines += [f"{r.last_name};{r.first_name};{r.birth_date:%d/%m/%Y};{r.email}" for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def import_once(client: Client, session, data: bytes) -> tuple[float, float]:
    """Upload then confirm through the pages; seconds of each request."""
    upload = SimpleUploadedFile("stagiaires.csv", data, content_type="text/csv")
    started = time.perf_counter()
    preview = client.post(
        reverse("training:trainees_import", args=[session.public_id]), {"file": upload}
    )
    middle = time.perf_counter()
    token = _TOKEN.search(preview.content.decode()) if preview.status_code == 200 else None
    if token is None:
        raise CommandError(
            f"Mesure de l'import interrompue : l'aperçu (réponse {preview.status_code}) "
            "n'a pas accepté le fichier."
        )
    confirmed = client.post(
        reverse("training:trainees_import_confirm", args=[session.public_id]),
        {"token": token[1]},
    )
    ended = time.perf_counter()
    expected = reverse("training:session_detail", args=[session.public_id])
    if confirmed.status_code != 302 or confirmed.headers.get("Location") != expected:
        raise CommandError(
            f"Mesure de l'import interrompue : la confirmation a répondu {confirmed.status_code}."
        )
    return middle - started, ended - middle


def import_figures(*, rows: int, runs: int, seed: int = 2026) -> list[Figure]:
    """Median seconds to import a CSV of ``rows`` trainees through the preview and the
    confirmation pages, each run into a new session with a new file."""
    cleanup()
    today = timezone.localdate()
    setup = find_setup(first_day=today + timedelta(days=30), last_day=today + timedelta(days=31))
    rng = random.Random(f"forprev-bench/import/{seed}")
    client = logged_in_client(setup.manager)
    totals, previews, confirmations = [], [], []
    try:
        for _ in range(runs):
            session = _new_session(
                setup, capacity=rows, starts_on=setup.first_day, ends_on=setup.last_day
            )
            data = trainees_csv(trainee_rows(rows, rng, known_share=KNOWN_SHARE))
            preview, confirmation = import_once(client, session, data)
            enrolled = session.enrolments.count()
            if enrolled != rows:
                raise CommandError(f"Mesure de l'import : {enrolled} inscrits au lieu de {rows}.")
            previews.append(preview)
            confirmations.append(confirmation)
            totals.append(preview + confirmation)
    finally:
        client.logout()
        cleanup()
    return [
        Figure(f"import_{rows}_rows", statistics.median(totals), "s"),
        Figure(f"import_{rows}_rows_preview", statistics.median(previews), "s"),
        Figure(f"import_{rows}_rows_confirm", statistics.median(confirmations), "s"),
    ]


def cleanup() -> int:
    """Delete the bench's sessions and what hangs on them (their audit entries too); persons
        created by the bench (after its first session) and left without any enrolment or certificate
    go too. Returns
        the number of sessions deleted."""
    from auditlog.context import disable_auditlog
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    with transaction.atomic(), disable_auditlog():
        sessions = TrainingSession.objects.filter(place_address=BENCH_PLACE)
        session_ids = list(sessions.values_list("pk", flat=True))
        if not session_ids:
            return 0
        person_ids = sorted(
            set(
                Enrolment.objects.filter(session_id__in=session_ids).values_list(
                    "person_id", flat=True
                )
            )
        )
        # Only people created after the bench's first session: a person of the register the
        # import found (never enrolled before) stays.
        first_session = sessions.order_by("created_at").values_list("created_at", flat=True)[0]
        Certificate.objects.filter(session_id__in=session_ids).delete()
        sessions.delete()  # enrolments and the session's trainers go with them
        orphans = Person.objects.filter(
            enrolments__isnull=True, certificates__isnull=True, created_at__gte=first_session
        )
        for start in range(0, len(person_ids), 900):
            orphans.filter(pk__in=person_ids[start : start + 900]).delete()
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(TrainingSession),
            object_pk__in=[str(pk) for pk in session_ids],
        ).delete()
    return len(session_ids)
