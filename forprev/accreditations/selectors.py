"""Read queries of the public directory of habilitated entities (annuaire).

Everything here is public: it selects entities through their habilitations active on a given
day and never reaches people, memberships or applications.
"""

import unicodedata
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from forprev.entities.models import Entity

from .models import Accreditation

# The accented forms of each plain letter, lower case; upper-case forms are derived.
_ACCENTED = {
    "a": "àâäáãå",
    "c": "ç",
    "e": "éèêë",
    "i": "îïíì",
    "n": "ñ",
    "o": "ôöóòõ",
    "u": "ùûüú",
    "y": "ÿý",
}
_LIGATURES = {"oe": "œ", "ae": "æ"}
# Typed interchangeably: « l ecole » finds « L’ÉCOLE », « vieux port » finds « VIEUX-PORT ».
_SEPARATORS = "-' ’ʼ"


def fold(text: str) -> str:
    """``text`` without accents or ligatures, in lower case: « L’Œuvre » → « l'oeuvre »."""
    for plain, ligature in _LIGATURES.items():
        text = text.replace(ligature, plain).replace(ligature.upper(), plain)
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("ʼ", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def _letter_class(letter: str) -> str:
    variants = letter + _ACCENTED.get(letter, "")
    return f"[{variants}{variants.upper()}]"


def accent_insensitive_pattern(text: str) -> str:
    """A regular expression finding ``text`` whatever its case and accents, written in the
    syntax common to Python's ``re`` (SQLite through Django) and PostgreSQL's ARE: literal
    letters, bracket classes without escapes, ``(?:…|…)`` and a backslash before punctuation."""
    folded, parts, position = fold(text), [], 0
    while position < len(folded):
        pair = folded[position : position + 2]
        if pair in _LIGATURES:
            ligature = _LIGATURES[pair]
            parts.append(
                f"(?:{_letter_class(pair[0])}{_letter_class(pair[1])}|[{ligature}{ligature.upper()}])"
            )
            position += 2
            continue
        char = folded[position]
        if char in _ACCENTED or (char.isascii() and char.isalpha()):
            parts.append(_letter_class(char))
        elif char in _SEPARATORS or char.isspace():
            parts.append(f"[{_SEPARATORS}]")  # "-" first: a literal in both dialects
        elif char.isalnum():
            parts.append(char)
        else:
            parts.append("\\" + char)  # in both dialects, \ + punctuation is that punctuation
        position += 1
    return "".join(parts)


def accent_insensitive_contains(field: str, text: str) -> Q:
    """Condition "``field`` contains ``text``", ignoring case and accents, on SQLite and
    PostgreSQL alike: « ÉCOLE » finds « ecole », « ecole » finds « École », « oeuvre » finds
    « Œuvre ». Combine it with ``|`` and ``&`` like any ``Q``.

    Through Django's portable ``iregex`` lookup (SQLite: Django's Python REGEXP function;
    PostgreSQL: ``~*``). Folding the column in SQL instead (nested ``REPLACE`` then ``LOWER``)
    overflows SQLite's parser beyond about 28 nested calls, fewer than the French accented
    letters in both cases. It scans the filtered rows: fine for the directory's few thousand
    entities; a larger table needs a stored folded column with an index. ``text`` should come
    from a validated form field (no NUL byte: PostgreSQL refuses it); NUL bytes are dropped."""
    pattern = accent_insensitive_pattern(text.replace("\x00", ""))
    return Q(**{f"{field}__iregex": pattern})


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
    # Recognised entities only: a provisional one has no rights over its SIRET/NDA.
    entities = Entity.objects.recognised().filter(Exists(selected.filter(entity=OuterRef("pk"))))
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
        Entity.objects.recognised()
        .filter(Exists(active))
        .order_by("name", "pk")
        .values_list("public_id", flat=True)
    )
