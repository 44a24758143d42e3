"""Browser harness: Debian's Chromium driven by pytest-playwright against pytest-django's live
server, the demo data set, a login helper that passes the staff TOTP step, and axe-core checks."""

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from forprev.accounts.models import User
from forprev.core.demo import DEMO_PASSWORD, load_demo
from forprev.referentials.data import load_referentials
from forprev.referentials.models import Caisse, Department, Programme, ProgrammeLevel

# Playwright's sync API runs an event loop in the main thread; Django would otherwise refuse the
# ORM calls that the fixtures make from that thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--headless",
]

DEMO_EMAILS = {
    "manager": "manager@demo.forprev.fr",
    "delegate": "delegate@demo.forprev.fr",
    "trainer": "trainer@demo.forprev.fr",
    "instructor": "instructor@demo.forprev.fr",
    "support": "support@demo.forprev.fr",
    "national": "national@demo.forprev.fr",
}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests last.

    pytest-django runs transactional tests after the others, but pytest then regroups the tests
    that share pytest-playwright's session-scoped ``browser_name`` parameter, which can put them
    before ordinary database tests; their flush would then empty the référentiels under them.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: ``playwright install`` cannot download a browser on these machines."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def base_url(django_db_setup, live_server):
    """Relative URLs go to the live server.

    ``django_db_setup`` first: the live server shares the test database's in-memory SQLite
    connection only if that database exists when the server starts; otherwise each request
    thread opens its own connection, never closed (``ResourceWarning``, an error here).

    Overriding also avoids pytest-playwright's own ``base_url``, a session fixture defined as an
    instance method, which pytest 9 deprecates with a warning (an error under our settings).
    """
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """French locale.

    ``bypass_csp``: the application's CSP only allows scripts carrying the page nonce, so the
    inline ``<script>`` that ``add_script_tag`` creates for axe-core would be refused.
    """
    return {
        **browser_context_args,
        "locale": "fr-FR",
        "bypass_csp": True,
    }


@pytest.fixture
def context(new_context):
    """Fail within seconds rather than Playwright's 30 s: every page here answers at once."""
    context = new_context()
    context.set_default_timeout(5_000)
    return context


@pytest.fixture
def demo_users(transactional_db):
    """The demo data set, keyed by role.

    ``live_server`` needs committed data, hence ``transactional_db``, which empties every table
    after each test, including the référentiels that a data migration seeds: put them back.
    (Not ``django_db_serialized_rollback``: once Playwright has started, the main thread gets a
    new connection object, without the serialized copy kept on the first one, so that restore
    silently does nothing.)
    """
    if not Caisse.objects.exists():
        load_referentials(Caisse, Department, Programme, ProgrammeLevel)
    load_demo()
    return {role: User.objects.get(email=email) for role, email in DEMO_EMAILS.items()}


def confirmed_totp_device(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device, created if needed, as after the set-up step."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Forprev", confirmed=True)
    return device


def current_totp(device: TOTPDevice) -> str:
    """The code an authenticator application would show now."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


def path_startswith(prefix: str) -> Callable[[str], bool]:
    """A ``wait_for_url`` predicate on the path only (``?next=/espace/`` must not match)."""
    return lambda url: urlsplit(url).path.startswith(prefix)


def log_in(
    page: Page,
    user: User,
    identifier: str | None = None,
    check_step: Callable[[Page], object] | None = None,
) -> None:
    """Log in through the login form and end on the private home (``/espace/``).

    Staff roles type the TOTP code; people acting for several entities choose the first one.
    ``check_step`` is called on each of these intermediate pages (e.g. to run axe on them).
    """
    # With a confirmed device, staff land on the verification step, not on the set-up one.
    device = confirmed_totp_device(user) if user.is_staff_role else None
    page.goto("/connexion/")
    login = identifier or user.email
    login_field = page.get_by_label("Numéro Forprev ou adresse électronique")
    login_field.fill(login)
    # The browser cuts what is typed at the field's maxlength: check it holds the whole login.
    typed = login_field.input_value()
    assert typed == login, (
        f"the login field kept {typed!r} of {login!r} "
        f"(maxlength={login_field.get_attribute('maxlength')})"
    )
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # Either a page for the connected person (which shows their name) or the form's error.
    expect(page.locator("#connected-person, .fr-alert--error").first).to_be_visible()
    if urlsplit(page.url).path == "/connexion/":
        errors = page.locator(".fr-alert--error, .fr-error-text").all_inner_texts()
        pytest.fail(f"login as {login} refused: {errors}")
    if device is not None:
        page.wait_for_url(path_startswith("/connexion/verification/"))
        if check_step:
            check_step(page)
        page.get_by_label("Code à 6 chiffres").fill(current_totp(device))
        page.get_by_role("button", name="Valider").click()
    page.wait_for_url(path_startswith("/espace/"))
    if urlsplit(page.url).path == "/espace/entite/":
        if check_step:
            check_step(page)
        page.locator(".fr-radio-group label").first.click()
        page.get_by_role("button", name="Continuer").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/espace/")


def axe_violations(page: Page) -> list[str]:
    """Serious and critical axe-core violations of the current page, one readable line each."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{violation['impact']} {violation['id']}: {violation['help']} "
        f"{[node['target'] for node in violation['nodes']]} on {page.url}"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, "axe-core violations:\n" + "\n".join(violations)
