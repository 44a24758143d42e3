"""Trainer certificates issued by trainer-training sessions (level 2 and above).

A trainee who passes such a session becomes a trainer of that dispositif: the closing gives them
a trainer certificate, which needs an account (trainers are named on sessions by numéro
Forprev). A trainee without an account gets one carrying their own numéro Forprev; when they have
an address, an e-mail lets them choose a password.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from forprev.accounts.models import User
from forprev.core.mail import send_templated_email
from forprev.training.enums import Result

from .enums import CertificateSource
from .models import TrainerCertificate
from .services import validity_end

# The first level whose certificate makes its holder a trainer (1: acteur, 2: formateur).
TRAINER_LEVEL = 2


def _account_for(person) -> tuple[User, bool]:
    """The person's account, opened if needed: (account, opened now)."""
    if person.user_id is not None:
        return person.user, False
    email = person.email.strip().lower()
    if email:
        same = User.objects.filter(email__iexact=email).first()
        if same is not None and not same.staff_role and not hasattr(same, "person"):
            person.user = same  # the same address: the account this person already uses
            person.save(update_fields=["user", "updated_at"])
            return same, False
        if same is not None:
            email = ""  # the address is another person's login: not reused
    user = User(
        forprev_id=person.forprev_id,
        email=email,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    user.set_unusable_password()
    user.save()
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return user, True


def _invite(user, certificate, entity) -> None:
    link = settings.FORPREV_SITE_URL + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_templated_email(
        to=user.email,
        template="trainers/email/trainer_account",
        context={"user": user, "certificate": certificate, "entity": entity, "link": link},
    )


def trainer_certificates_issue(*, session) -> list[TrainerCertificate]:
    """One trainer certificate per passed trainee of a closed trainer-training session, once
    (unique per session and holder). Runs inside the closing transaction."""
    from forprev.people.models import Person

    level = session.programme_level
    if level.level < TRAINER_LEVEL:
        return []
    persons = Person.objects.filter(
        enrolments__session=session, enrolments__result=Result.PASSED
    ).select_related("user")
    already = set(session.trainer_certificates.values_list("holder_id", flat=True))
    created, invitations = [], []
    for person in persons:
        holder, opened = _account_for(person)
        if holder.pk in already:
            continue
        certificate = TrainerCertificate.objects.create(
            holder=holder,
            programme_level=level,
            issued_on=session.ends_on,
            valid_until=validity_end(level, session.ends_on),
            source=CertificateSource.TRAINING,
            session=session,
        )
        created.append(certificate)
        if opened and holder.email:
            invitations.append((holder, certificate))
    for holder, certificate in invitations:
        _invite(holder, certificate, session.entity)
    return created


def trainer_certificates_follow(*, session, reason: str) -> None:
    """After support changed a closed session's dispositif or level: the trainer certificates it
    issued follow (new level and validity), are revoked when it no longer trains trainers, or
    are issued when it now does."""
    level = session.programme_level
    issued = session.trainer_certificates.filter(revoked_at__isnull=True)
    if level.level < TRAINER_LEVEL:
        issued.update(
            revoked_at=timezone.now(),
            revoked_reason=_("Session requalifiée : %(reason)s") % {"reason": reason},
            updated_at=timezone.now(),
        )
        return
    issued.update(
        programme_level=level,
        issued_on=session.ends_on,
        valid_until=validity_end(level, session.ends_on),
        updated_at=timezone.now(),
    )
    trainer_certificates_issue(session=session)
