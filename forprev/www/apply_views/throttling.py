"""Rate limits of the public application form (``forprev.core.ratelimit``).

Every POST counts against the service's hourly ceiling and the client's own limit (its address
behind the trusted proxies, IPv6 by /64); a valid application also counts against the typed
e-mail address and the claimed SIRET/NDA. Known and unknown addresses or numbers count alike,
so a refusal tells nothing about them. Each limit is checked on its own so that the 429 page
can say when its window ends.
"""

import time
from datetime import UTC, datetime

from django.conf import settings

from forprev.core.ratelimit import Limit, allow

HOUR = 60 * 60
DAY = 24 * HOUR


def _retry_at(limit: Limit, now: float) -> datetime:
    """The end of the fixed window the refused event fell in."""
    return datetime.fromtimestamp((int(now) // limit.period + 1) * limit.period, tz=UTC)


def submission_refused(request, *, now: float | None = None) -> datetime | None:
    """Count one POST of the form; when a limit refuses it, the time to try again."""
    now = time.time() if now is None else now
    overall = Limit(settings.FORPREV_APPLY_OVERALL_PER_HOUR, HOUR)
    if not allow(scope="apply:post", overall=overall, now=now):
        return _retry_at(overall, now)
    per_client = Limit(settings.FORPREV_APPLY_PER_CLIENT_PER_HOUR, HOUR)
    if not allow(request, scope="apply:post", per_client=per_client, now=now):
        return _retry_at(per_client, now)
    return None


def application_refused(*, email: str, number: str, now: float | None = None) -> datetime | None:
    """Count one valid application for its e-mail address and its claimed SIRET/NDA."""
    now = time.time() if now is None else now
    per_email = Limit(settings.FORPREV_APPLY_PER_EMAIL_PER_DAY, DAY)
    if not allow(scope="apply:email", per_key=per_email, key=email, now=now):
        return _retry_at(per_email, now)
    per_number = Limit(settings.FORPREV_APPLY_PER_NUMBER_PER_DAY, DAY)
    if not allow(scope="apply:number", per_key=per_number, key=number, now=now):
        return _retry_at(per_number, now)
    return None
