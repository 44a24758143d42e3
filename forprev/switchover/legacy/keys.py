"""The Forprev 2 identity of a Forprev 1 row: ``public_id = uuid5(namespace, "<file>/<id>")``.

The same export row always becomes the same ``public_id``: a migration run finds what an earlier
(or interrupted) run wrote by these ids, and the conformity check finds the Forprev 2 entity of a
Forprev 1 entity the same way. Nothing else links the two systems.
"""

import uuid

NAMESPACE = uuid.UUID("6f1c4a52-3b0e-5d9e-9a57-0f0f1e2d3c4b")


def legacy_uuid(file_name: str, legacy_id: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"forprev1/{file_name}/{legacy_id}")
