import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from forprev.core.env import env_bool, env_int, env_list, parse_database_url


def test_sqlite_url():
    config = parse_database_url("sqlite:///var/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "var/x.sqlite3"
    assert (
        parse_database_url("sqlite:////srv/forprev/abs.sqlite3")["NAME"]
        == "/srv/forprev/abs.sqlite3"
    )


def test_postgres_url():
    config = parse_database_url("postgres://user:p%40ss@db.example:5433/forprev?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "user",
        "p@ss",
        "db.example",
        "5433",
        "forprev",
    )
    assert config["OPTIONS"] == {"sslmode": "require", "prepare_threshold": 0}


@pytest.mark.parametrize(("given", "threshold"), [("5", 5), ("none", None), ("None", None)])
def test_postgres_prepare_threshold_from_the_url(given, threshold):
    config = parse_database_url(f"postgres://db.example/forprev?prepare_threshold={given}")
    assert config["OPTIONS"]["prepare_threshold"] == threshold


@pytest.mark.parametrize("given", ["-1", "beaucoup"])
def test_bad_prepare_threshold_fails_loudly(given):
    with pytest.raises(ImproperlyConfigured, match="prepare_threshold"):
        parse_database_url(f"postgres://db.example/forprev?prepare_threshold={given}")


@pytest.mark.parametrize("url", ["mysql://x/y", "postgres://host/", "sqlite://", "nonsense"])
def test_bad_database_urls_fail_loudly(url):
    with pytest.raises(ImproperlyConfigured):
        parse_database_url(url)


def test_strict_helpers(monkeypatch):
    monkeypatch.setenv("X_BOOL", "peut-être")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_BOOL", False)
    monkeypatch.setenv("X_BOOL", "Yes")
    assert env_bool("X_BOOL", False) is True
    monkeypatch.setenv("X_INT", "douze")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_INT", 1)
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_list("X_LIST", []) == ["a", "b", "c"]


# Production settings refuse insecure switches (issue 12, item 12) ---------------------------------

_PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "SECRET_KEY": "production-test-" * 5,
    "ALLOWED_HOSTS": "forprev.example.fr",
    "DATABASE_URL": "sqlite:///var/never-opened.sqlite3",
}
_CLEARED = (
    "FORPREV_DEMO_MODE",
    "FORPREV_STAFF_OTP_REQUIRED",
    "FORPREV_ALLOW_INSECURE_PRODUCTION",
    "FORPREV_BEHIND_PROXY",
    "FORPREV_TRUSTED_PROXIES",
    "AXES_PROXY_COUNT",
    "DEBUG",
)


def _import_prod_settings(**extra):
    """Import the production settings in a fresh interpreter; (return code, stderr)."""
    env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
    env.update(_PROD_ENV, **extra)
    completed = subprocess.run(
        [sys.executable, "-c", "import config.settings.prod"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return completed.returncode, completed.stderr


def test_production_settings_start_with_the_defaults():
    code, stderr = _import_prod_settings()
    assert code == 0, stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"FORPREV_DEMO_MODE": "true"}, "FORPREV_DEMO_MODE must be false"),
        ({"FORPREV_STAFF_OTP_REQUIRED": "false"}, "FORPREV_STAFF_OTP_REQUIRED must be true"),
        ({"FORPREV_BEHIND_PROXY": "true"}, "FORPREV_TRUSTED_PROXIES"),
        (
            {"FORPREV_BEHIND_PROXY": "true", "FORPREV_TRUSTED_PROXIES": "0"},
            "FORPREV_TRUSTED_PROXIES",
        ),
        (
            # The override covers demo mode and 2FA, not a proxy count that would merge clients.
            {
                "FORPREV_BEHIND_PROXY": "true",
                "FORPREV_ALLOW_INSECURE_PRODUCTION": "true",
            },
            "FORPREV_TRUSTED_PROXIES",
        ),
    ],
)
def test_production_settings_refuse_insecure_switches(extra, message):
    code, stderr = _import_prod_settings(**extra)
    assert code != 0
    assert "ImproperlyConfigured" in stderr and message in stderr


@pytest.mark.parametrize(
    "extra",
    [
        {"FORPREV_DEMO_MODE": "true", "FORPREV_ALLOW_INSECURE_PRODUCTION": "true"},
        {"FORPREV_STAFF_OTP_REQUIRED": "false", "FORPREV_ALLOW_INSECURE_PRODUCTION": "true"},
        {"FORPREV_BEHIND_PROXY": "true", "FORPREV_TRUSTED_PROXIES": "1"},
    ],
)
def test_production_settings_accept_the_explicit_override_and_a_proxy_count(extra):
    code, stderr = _import_prod_settings(**extra)
    assert code == 0, stderr
