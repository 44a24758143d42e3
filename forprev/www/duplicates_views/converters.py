"""``<people:people>``: two to six people named by their public ids, « uuid+uuid+… »."""

import uuid

MAX_PEOPLE = 6
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


class PeopleConverter:
    regex = rf"{_UUID}(?:\+{_UUID}){{1,{MAX_PEOPLE - 1}}}"

    def to_python(self, value):
        return [uuid.UUID(part) for part in value.split("+")]

    def to_url(self, value):
        return "+".join(str(part) for part in value)
