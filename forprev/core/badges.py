"""Status badges: each state of a status field has its own look (colour and icon), declared by
the app that owns the model, so that « Brouillon », « Transmise » and « Refusée » never look alike.

Apps register their status fields in ``AppConfig.ready()``; ``{% status_badge obj %}``
(``core/templatetags/badges.py``) renders the DSFR badge with the state's label.
"""

LEVELS = frozenset({"success", "error", "info", "warning", "new"})

_REGISTRY: dict[tuple[str, str], dict[str, str | None]] = {}


def register(model, levels: dict, field: str = "status") -> None:
    """``levels``: every value of the field's choices → a DSFR badge level, or ``None`` for the
    neutral (grey) badge. A value left out is an error: a new state must choose its look."""
    values = {value for value, _label in model._meta.get_field(field).choices}
    missing = values - set(levels)
    unknown = {level for level in levels.values() if level is not None} - LEVELS
    if missing or unknown:
        raise ValueError(f"{model._meta.label}.{field}: missing {missing}, unknown {unknown}")
    _REGISTRY[(model._meta.label, field)] = {str(k): v for k, v in levels.items()}


def level_for(obj, field: str = "status") -> str | None:
    return _REGISTRY.get((obj._meta.label, field), {}).get(str(getattr(obj, field)))


def registered() -> dict:
    return dict(_REGISTRY)
