"""Strict test set-up and the named personas of the permission matrices (STYLE.md)."""

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from forprev.certificates import page_cache
from forprev.entities.enums import DelegateRight
from tests.factories import EntityFactory, MembershipFactory, UserFactory

pytest_plugins = ["tests.session_fixtures"]

PERSONAS = (
    "anonymous",
    "person",
    "manager",
    "delegate",
    "delegate_without_right",
    "manager_elsewhere",
    "instructor",
    "instructor_elsewhere",
    "support",
    "national",
)


@pytest.fixture(autouse=True)
def _strict_settings(settings, tmp_path):
    # Throttling counters live in the cache: every test starts from an empty one.
    cache.clear()
    caches["pages"].clear()
    caches["ratelimit"].clear()
    page_cache.forget_shell()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def entity(db):
    """A company in Marseille (Bouches-du-Rhône → Carsat Sud-Est)."""
    return EntityFactory(name="BOULANGERIE DU VIEUX-PORT")


@pytest.fixture
def other_entity(db):
    """A company in Lyon (Rhône → Carsat Rhône-Alpes)."""
    return EntityFactory(in_lyon=True, name="ATELIERS DE LA CROIX-ROUSSE")


@pytest.fixture
def personas(db, entity, other_entity):
    """One account per persona, around ``entity`` (Carsat Sud-Est)."""
    people = {
        "anonymous": None,
        "person": UserFactory(),
        "manager": MembershipFactory(entity=entity).user,
        "delegate": MembershipFactory(
            entity=entity, delegate=True, rights=[r.value for r in DelegateRight]
        ).user,
        "delegate_without_right": MembershipFactory(entity=entity, delegate=True, rights=[]).user,
        "manager_elsewhere": MembershipFactory(entity=other_entity).user,
        "instructor": UserFactory(instructor=True),
        "instructor_elsewhere": UserFactory(staff_role="instructor", caisse=other_entity.caisse),
        "support": UserFactory(support=True),
        "national": UserFactory(national=True),
    }
    return people


def login(client, user):
    """Log ``user`` in; staff roles also get a verified TOTP device, as after the 2FA step."""
    if user is None:
        return client
    client.force_login(user)
    if user.is_staff_role:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
            TOTPDevice.objects.create(user=user, name="Forprev", confirmed=True)
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def login_as(client, personas):
    def _login(name):
        client.logout()
        return login(client, personas[name])

    return _login


assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
