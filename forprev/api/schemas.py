from ninja import Schema
from pydantic import ConfigDict


class StrictSchema(Schema):
    """Rejects pydantic's lax coercions (an integer is not a date, "1" is not a number)."""

    model_config = ConfigDict(strict=True, extra="forbid")


class ErrorOut(Schema):
    """The one error body of the API: a French message and a stable code."""

    detail: str
    code: str


class ProgrammeLevelOut(Schema):
    level: int
    label: str
    initial_duration_hours: int | None
    refresher_duration_hours: int | None
    min_trainees: int | None
    max_trainees: int | None
    certificate_validity_months: int | None


class ProgrammeOut(Schema):
    code: str
    name: str
    accreditation_validity_months: int
    levels: list[ProgrammeLevelOut]


class CaisseOut(Schema):
    code: str
    name: str
    departments: list[str]
