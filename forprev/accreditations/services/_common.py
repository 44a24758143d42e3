from django.utils import timezone

from forprev.core.exceptions import DomainError

from ..models import AccreditationRequest, RequestEvent


def lock(request: AccreditationRequest) -> AccreditationRequest:
    """Re-read the application under a row lock: two clicks never apply one step twice."""
    return AccreditationRequest.objects.select_for_update().get(pk=request.pk)


def record(request, *, kind, actor, message: str = "") -> RequestEvent:
    return RequestEvent.objects.create(
        request=request, kind=kind, actor=actor, message=message, at=timezone.now()
    )


def require(condition: bool, message: str, *, code: str = "not_allowed") -> None:
    if not condition:
        raise DomainError(message, code=code)
