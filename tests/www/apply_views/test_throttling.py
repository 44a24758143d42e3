"""Rate limits of the public application: per client address (read behind the trusted proxies),
per typed e-mail address, per claimed SIRET/NDA, and a ceiling for the whole service; a French
429 page that says when to try again. Known and unknown addresses count alike."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from forprev.entities.identifiers import make_siret
from forprev.entities.models import PendingApplication
from tests.factories import UserFactory
from tests.www.apply_views.test_apply import company

NOON = datetime(2026, 12, 7, 11, 0, 5, tzinfo=UTC)  # 12:00:05 in Paris


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    def _post(data, address="203.0.113.7", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("apply:start"), data, REMOTE_ADDR=address, **extra)

    return _post


def distinct(n, **overrides):
    """A valid application whose address and SIRET differ with ``n``."""
    return company(email=f"demandeur{n}@exemple.fr", siret=make_siret(60_000_000 + n), **overrides)


@pytest.mark.django_db
def test_one_client_is_limited_per_hour_with_a_french_page_saying_when(post, settings):
    settings.FORPREV_APPLY_PER_CLIENT_PER_HOUR = 2
    with time_machine.travel(NOON, tick=False):
        assert [post(distinct(n)).status_code for n in range(2)] == [302, 302]
        response = post(distinct(3))
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de demandes" in html
    assert "Réessayez à partir du lundi 7 décembre 2026 à 13:00." in html
    assert response["Retry-After"] == str(3600 - 5)
    assert PendingApplication.objects.count() == 2
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_invalid_forms_count_for_the_client_too(post, settings):
    settings.FORPREV_APPLY_PER_CLIENT_PER_HOUR = 2
    for _attempt in range(2):
        assert post(company(siret="123")).status_code == 200
    assert post(company()).status_code == 429
    assert not PendingApplication.objects.exists()


@pytest.mark.django_db
def test_another_client_is_not_held_back(post, settings):
    settings.FORPREV_APPLY_PER_CLIENT_PER_HOUR = 1
    assert post(distinct(1)).status_code == 302
    assert post(distinct(2)).status_code == 429
    assert post(distinct(3), address="198.51.100.9").status_code == 302


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_escape_the_limit_behind_a_proxy(post, settings):
    """Behind one trusted proxy the client is the address the proxy appended; whatever the
    client writes to its left is ignored."""
    settings.FORPREV_TRUSTED_PROXIES = 1
    settings.FORPREV_APPLY_PER_CLIENT_PER_HOUR = 2
    answers = [
        post(
            distinct(n),
            address="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7",
        ).status_code
        for n in range(4)
    ]
    assert answers == [302, 302, 429, 429]
    other = post(distinct(9), address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert other.status_code == 302


@pytest.mark.django_db
def test_ipv6_clients_are_counted_by_their_64_network(post, settings):
    settings.FORPREV_APPLY_PER_CLIENT_PER_HOUR = 1
    assert post(distinct(1), address="2001:db8:1:2::1").status_code == 302
    assert post(distinct(2), address="2001:db8:1:2:ffff::9").status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("known", [False, True])
def test_one_address_is_limited_per_day_from_any_client_known_or_not(post, settings, known):
    settings.FORPREV_APPLY_PER_EMAIL_PER_DAY = 2
    if known:
        UserFactory(email="cible@exemple.fr")
    answers = [
        post(
            company(email="Cible@Exemple.fr", siret=make_siret(61_000_000 + n)),
            address=f"192.0.2.{n}",
        ).status_code
        for n in range(4)
    ]
    assert answers == [302, 302, 429, 429]
    assert len(mail.outbox) == 2  # the mailbox receives no more than the limit


@pytest.mark.django_db
def test_one_siret_is_limited_per_day_from_any_client_and_address(post, settings):
    settings.FORPREV_APPLY_PER_NUMBER_PER_DAY = 2
    answers = [
        post(company(email=f"x{n}@exemple.fr"), address=f"192.0.2.{n}").status_code
        for n in range(3)
    ]
    assert answers == [302, 302, 429]
    # The same SIRET claimed by a training organisation is another number (its NDA).
    assert (
        post(
            company(email="of@exemple.fr", kind="training_org", nda="93 13 12345 13"),
            address="192.0.2.99",
        ).status_code
        == 302
    )


@pytest.mark.django_db
def test_the_whole_service_has_a_ceiling(post, settings):
    """A flood from many addresses stops at the ceiling (which also bounds the counters)."""
    settings.FORPREV_APPLY_OVERALL_PER_HOUR = 3
    answers = [post(distinct(n), address=f"192.0.2.{n}").status_code for n in range(5)]
    assert answers == [302, 302, 302, 429, 429]


@pytest.mark.django_db
def test_limits_start_again_in_the_next_window(post, settings):
    settings.FORPREV_APPLY_PER_CLIENT_PER_HOUR = 1
    with time_machine.travel(NOON, tick=False):
        assert post(distinct(1)).status_code == 302
        assert post(distinct(2)).status_code == 429
    with time_machine.travel(NOON.replace(hour=12), tick=False):
        assert post(distinct(3)).status_code == 302
