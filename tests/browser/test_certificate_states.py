"""A revoked and an expired certificate of the demo data, as support sees them: the session
page and the person page say « Révoqué le … » (with the reason) and « Expiré depuis le … » in
DSFR badges, each page through axe-core."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from forprev.certificates.models import Certificate

from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


def test_support_sees_revoked_and_expired_certificates_for_what_they_are(page: Page, demo_users):
    revoked = (
        Certificate.objects.filter(revoked_at__isnull=False)
        .select_related("session", "person")
        .first()
    )
    expired = Certificate.objects.filter(
        revoked_at__isnull=True, valid_until__lt=timezone.localdate()
    ).first()
    assert revoked is not None and expired is not None, "the demo data holds both"
    log_in(page, demo_users["support"])
    page.goto(f"/sessions/{revoked.session.public_id}/")
    line = page.locator("li", has_text=revoked.number)
    expect(line.locator(".fr-badge--error")).to_contain_text("Révoqué le")
    expect(line).to_contain_text("Stagiaire absent le second jour")
    expect(line).not_to_contain_text("Valable jusqu")
    assert_accessible(page)
    page.goto(f"/individus/{revoked.person.public_id}/")
    expect(page.locator(".fr-badge--error", has_text="Révoqué le")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/individus/{expired.person.public_id}/")
    expect(page.locator(".fr-badge--warning", has_text="Expiré depuis le").first).to_be_visible()
    assert_accessible(page)
