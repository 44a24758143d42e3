"""Read queries of the public directory of habilitated entities (annuaire).

Everything here is public: it selects entities through their habilitations active on a given
day and never reaches people, memberships or applications.
"""

import unicodedata
from datetime import date

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Lower, Replace
from django.db.models.lookups import Contains

from forprev.entities.models import Entity

from .models import Accreditation

# Letters folded the same way in Python and in SQL. SQLite's LOWER() only knows ASCII and
# neither SQLite nor PostgreSQL (deterministic collations) ignores accents, so the accented
# letters of French (and of common names) are replaced one by one, in both cases, before LOWER().
_ACCENTED = {
    "a": "àâäáã",
    "ae": "æ",
    "c": "ç",
    "e": "éèêë",
    "i": "îïí",
    "n": "ñ",
    "o": "ôöóõ",
    "oe": "œ",
    "u": "ùûüú",
    "y": "ÿ",
}
FOLDS: tuple[tuple[str, str], ...] = (
    *((letter, plain) for plain, letters in _ACCENTED.items() for letter in letters),
    *((letter.upper(), plain) for plain, letters in _ACCENTED.items() for letter in letters),
    # Decomposed input (NFD): a plain letter followed by a combining accent.
    *((mark, "") for mark in ("\u0300", "\u0301", "\u0302", "\u0303", "\u0308", "\u0327")),
    ("’", "'"),  # typographic apostrophe: « L’ÉCOLE » is found by « l'ecole »
)


def fold(text: str) -> str:
    """``text`` without accents, in lower case: what ``folded`` computes in SQL."""
    for letter, plain in FOLDS:
        text = text.replace(letter, plain)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def folded(expression: str | Combinable):
    """SQL expression of ``expression`` (a field name or an expression) folded like ``fold``,
    with portable functions only (nested REPLACE then LOWER)."""
    result = F(expression) if isinstance(expression, str) else expression
    for letter, plain in FOLDS:
        result = Replace(result, Value(letter), Value(plain))
    return Lower(result)


def accent_insensitive_contains(field: str | Combinable, text: str) -> Contains:
    """Condition "``field`` contains ``text``", ignoring case and accents, on SQLite and
    PostgreSQL alike: « ÉCOLE » finds « ecole » and « ecole » finds « École ».

    Usable in ``filter()`` and combinable with ``|``/``&`` into a ``Q``. LIKE wildcards typed by
    the user (``%``, ``_``) are escaped by Django. A sequential scan over the filtered rows: fine
    for the directory's few thousand entities, not for millions of rows (use a stored folded
    column with an index there)."""
    return Contains(folded(field), fold(text))


def public_accreditations_on(day: date) -> QuerySet[Accreditation]:
    """Habilitations shown publicly on ``day``: active (not suspended, withdrawn or expired)."""
    return Accreditation.objects.active_on(day)


def directory_entities(
    *,
    day: date,
    programme_code: str = "",
    department_code: str = "",
    name: str = "",
) -> QuerySet[Entity]:
    """Entities with at least one habilitation active on ``day``, each once, ordered by name,
    with ``active_accreditations`` (dispositif and level loaded) prefetched: a page costs the
    same number of queries whatever its size.

    ``programme_code`` keeps entities active for that dispositif; ``department_code`` those of
    that département; ``name`` searches the raison sociale and the nom commercial, ignoring
    case and accents."""
    active = public_accreditations_on(day)
    selected = (
        active.filter(programme_level__programme__code=programme_code) if programme_code else active
    )
    entities = Entity.objects.filter(Exists(selected.filter(entity=OuterRef("pk"))))
    if department_code:
        entities = entities.filter(department__code=department_code)
    if name := name.strip():
        entities = entities.filter(
            accent_insensitive_contains("name", name)
            | accent_insensitive_contains("trade_name", name)
        )
    return (
        entities.select_related("department")
        .prefetch_related(
            Prefetch(
                "accreditations",
                queryset=active.select_related("programme_level__programme").order_by(
                    "programme_level__programme__display_order",
                    "programme_level__programme__code",
                    "programme_level__level",
                ),
                to_attr="active_accreditations",
            )
        )
        .order_by("name", "pk")
    )


def directory_entity_ids(*, day: date) -> QuerySet:
    """``public_id`` of every entity in the directory on ``day``, for the sitemap."""
    active = public_accreditations_on(day).filter(entity=OuterRef("pk"))
    return (
        Entity.objects.filter(Exists(active))
        .order_by("name", "pk")
        .values_list("public_id", flat=True)
    )
