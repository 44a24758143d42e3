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
