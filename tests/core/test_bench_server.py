"""The gunicorn part of ``manage.py bench``: a quick smoke run against the bare view only (the
server's processes cannot see the test database's uncommitted rows, so no verification page)."""

import os
import signal

import pytest
from django.core.management import CommandError

from forprev.core.bench import server


@pytest.mark.django_db
def test_gunicorn_serves_the_bare_view_and_is_stopped_afterwards():
    handler = signal.getsignal(signal.SIGTERM)
    with server.gunicorn_server(workers=1, threads=1) as running:
        assert signal.getsignal(signal.SIGTERM) is not handler  # SIGTERM stops the server too
        load = server.drive(running.port, [server.BARE_PATH], connections=2, seconds=0.5)
        pid = running.process.pid
    assert load.requests > 0
    assert load.errors == 0
    assert load.statuses == {200: load.requests}
    assert load.rate > 0
    assert running.process.poll() is not None
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)  # no worker left behind
    assert not running.log_path.exists()
    assert signal.getsignal(signal.SIGTERM) is handler


@pytest.mark.django_db
def test_the_server_is_stopped_when_the_measure_fails():
    with pytest.raises(CommandError), server.gunicorn_server(workers=1, threads=1) as running:
        server.measure_target(
            running.port, ["/verifier/inconnu/"], name="verify", connections=1, seconds=0.2,
            warmup=0.0,
        )  # fmt: skip
    assert running.process.poll() is not None


def test_a_server_that_cannot_start_is_reported(monkeypatch):
    monkeypatch.setattr(server, "START_TIMEOUT", 5.0)
    monkeypatch.setattr(server, "database_url", lambda: "sqlite:///:memory:")
    original = server.subprocess.Popen

    def popen(command, env, **kwargs):
        env = {**env, "DJANGO_SETTINGS_MODULE": "config.settings.does_not_exist"}
        return original(command, env=env, **kwargs)

    monkeypatch.setattr(server.subprocess, "Popen", popen)
    with (
        pytest.raises(CommandError, match="gunicorn"),
        server.gunicorn_server(workers=1, threads=1),
    ):
        pass  # pragma: no cover


def test_default_workers_follow_the_cores():
    assert server.default_workers() == 2 * (os.cpu_count() or 1) + 1


def test_repeated_share_counts_requests_beyond_the_distinct_codes():
    assert server.repeated_share(server.Load(requests=100), distinct=80) == pytest.approx(0.2)
    assert server.repeated_share(server.Load(requests=100), distinct=500) == 0.0
    assert server.repeated_share(server.Load(requests=0), distinct=10) == 0.0


@pytest.mark.django_db
def test_the_server_runs_without_debug_whatever_the_environment(monkeypatch):
    """``manage.py bench`` runs under the dev settings, which put DEBUG=true in the environment:
    the server must not inherit it (it would log every query)."""
    import urllib.error
    import urllib.request

    monkeypatch.setenv("DEBUG", "true")
    with server.gunicorn_server(workers=1, threads=1) as running:
        url = f"http://127.0.0.1:{running.port}/page-qui-n-existe-pas/"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(url, timeout=10)  # noqa: S310 - loopback
        page = missing.value.read().decode()
    assert missing.value.code == 404
    assert "URLconf" not in page  # Django's debug 404 lists the URL patterns


def test_the_verification_limits_are_raised_for_the_server_unless_set(monkeypatch):
    for name in server.THROTTLE_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FORPREV_VERIFY_NUMBER_PER_MINUTE", "7")
    environment = server.throttle_environment()
    assert set(environment) == {
        "FORPREV_VERIFY_PER_MINUTE",
        "FORPREV_VERIFY_GLOBAL_PER_MINUTE",
        "FORPREV_VERIFY_NUMBER_PER_MINUTE",
        "FORPREV_VERIFY_NUMBER_GLOBAL_PER_MINUTE",
    }
    assert environment["FORPREV_VERIFY_GLOBAL_PER_MINUTE"] == str(server.THROTTLE_LIMIT)
    assert environment["FORPREV_VERIFY_PER_MINUTE"] == str(server.THROTTLE_LIMIT)
    assert environment["FORPREV_VERIFY_NUMBER_PER_MINUTE"] == "7"


@pytest.mark.django_db
def test_the_server_never_throttles_the_load_from_one_address(monkeypatch):
    """Past the default per-client (60) limit of codes from the load generator's one address:
    every answer is the page's own (404 for a code that cannot exist: no database), never 429."""
    for name in server.THROTTLE_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    with server.gunicorn_server(workers=1, threads=1) as running:
        load = server.drive(
            running.port,
            [f"/verifier/inconnu.{n}/" for n in range(150)],
            connections=2,
            seconds=1.0,
        )
    assert load.requests > 60
    assert set(load.statuses) == {404}
