"""Reading the audit trail (django-auditlog records every create/update/delete of registered
business models with before/after values and the actor, in the same transaction) as French
sentences: « Jeanne Dupont a modifié l'adresse : 1 rue A → 2 rue B », « … a renseigné le
téléphone : … » (nothing before), « … a effacé le téléphone (ancienne valeur : …) » (nothing
after), « … a créé la session de formation « … » ». Fields are named by their verbose name.

:func:`describe_entries` reads a page of entries at once: the values of foreign keys are named
with one query per related model, never one per entry (the journal once spent most of its time
there, django-auditlog's ``changes_display_dict`` looking each of them up)."""

import json
import unicodedata
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from forprev.accounts.rules import can_read_audit_log

VALUE_MAX = 120  # characters of a value shown in a sentence
EMPTY = {"", "None", "null", "[]", "{}"}

# Grammatical gender and number of the first word of the verbose names of audited models and
# fields: the sentence says « la date », « les droits », « l'adresse ». A name starting with
# another word (« créé le », « valable jusqu'au ») is quoted after « le champ ».
_FEMININE = {
    "action", "adresse", "annonce", "caisse", "commune", "date", "demande", "dernière", "durée",
    "décision", "empreinte", "entité", "explication", "formation", "habilitation", "identité",
    "inscription", "invitation", "modification", "nouvelle", "origine", "ouverture", "personne",
    "pièce", "prolongation", "qualité", "raison", "règle", "référence", "réponse", "session",
    "taille", "validité", "échéance", "adhésion", "dénomination", "forme", "catégorie",
    "capacité", "région", "ville", "version", "fin", "note", "signature", "fonction",
}  # fmt: skip
_MASCULINE = {
    "avis", "certificat", "code", "complément", "compte", "dispositif", "début", "département",
    "fichier", "formateur", "gel", "identifiant", "individu", "instructeur", "intitulé",
    "membre", "message", "mois", "mot", "motif", "niveau", "nom", "nombre", "numéro", "ordre",
    "premier", "dernier", "rattachement", "responsable", "résultat", "rôle", "siret", "siren",
    "stagiaire", "statut", "signataire", "titulaire", "type", "téléphone", "utilisateur", "état",
    "lieu", "nda", "prénom", "courriel", "libellé", "délai", "seuil", "score", "texte", "montant",
    "email", "accès", "contact",
}  # fmt: skip
_PLURAL = {
    "courriels", "droits", "envois", "formateurs", "groupes", "informations", "modifications",
    "permissions", "précisions", "stagiaires", "pièces", "dates", "notes",
}  # fmt: skip


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def with_article(noun) -> str:
    """« adresse » → « l'adresse », « date de naissance » → « la date de naissance », « droits »
    → « les droits », « créé le » → « le champ « créé le » »."""
    noun = str(noun).strip()
    words = noun.split()
    if not words:
        return _("le champ")
    first = words[0].lower()
    if first in _PLURAL:
        return f"les {noun}"
    if first not in _FEMININE and first not in _MASCULINE:
        return _("le champ « %(name)s »") % {"name": noun}
    if _plain(first)[:1] in set("aeiouyh"):
        return f"l'{noun}"
    return f"la {noun}" if first in _FEMININE else f"le {noun}"


def _model_noun(content_type) -> str:
    model = content_type.model_class() if content_type else None
    if model is None:
        return _("l'objet")
    return with_article(model._meta.verbose_name)


@dataclass
class AuditLine:
    """One entry told in French: ``sentences`` each start with the author."""

    entry: LogEntry
    author: str
    object_label: str  # « Entité : BOULANGERIE DU VIEUX-PORT »
    sentences: list[str] = field(default_factory=list)


def _shorten(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= VALUE_MAX else text[: VALUE_MAX - 1] + "…"


def _is_empty(value) -> bool:
    return value is None or str(value).strip() in EMPTY


def _display(field_obj, value: str, names: dict) -> str:
    """A stored value (django-auditlog keeps strings) as a French reader expects it."""
    if field_obj is None:
        return _shorten(value)
    choices = getattr(field_obj, "flatchoices", None)
    if choices:
        labels = {str(key): label for key, label in choices}
        if value in labels:
            return _shorten(labels[value])
        try:  # a list of choices (JSON), e.g. a delegate's rights
            items = json.loads(value.replace("'", '"'))
        except (ValueError, AttributeError):
            items = None
        if isinstance(items, list):
            return _shorten(", ".join(str(labels.get(str(item), item)) for item in items))
        return _shorten(value)
    if isinstance(field_obj, models.BooleanField):
        return {"True": _("oui"), "False": _("non")}.get(value, value)
    if isinstance(field_obj, models.ForeignKey | models.OneToOneField):
        related = field_obj.related_model
        named = names.get((related, value))
        if named is not None:
            return _shorten(named)
        return _("%(model)s supprimé(e) (%(pk)s)") % {
            "model": related._meta.verbose_name,
            "pk": value,
        }
    if isinstance(field_obj, models.DateTimeField):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return _shorten(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "d/m/Y H:i")
    if isinstance(field_obj, models.DateField):
        try:
            return formats.date_format(date.fromisoformat(value[:10]), "d/m/Y")
        except ValueError:
            return _shorten(value)
    return _shorten(value)


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _changes(entry) -> dict:
    changes = entry.changes
    if isinstance(changes, str):  # older rows kept the JSON as text
        try:
            changes = json.loads(changes)
        except ValueError:
            return {}
    return changes if isinstance(changes, dict) else {}


def _required_relations(model, depth: int = 2, prefix: str = "") -> list[str]:
    """The non-null foreign keys of ``model`` (two levels down) that a ``__str__`` may name (a
    session names its dispositif and its entity): joined, not fetched object by object."""
    names = []
    for field_obj in model._meta.concrete_fields:
        if field_obj.is_relation and field_obj.many_to_one and not field_obj.null:
            name = f"{prefix}{field_obj.name}"
            names.append(name)
            if depth > 1:
                names.extend(_required_relations(field_obj.related_model, depth - 1, f"{name}__"))
    return names


def _related_names(entries) -> dict:
    """{(related model, stored pk): str(object)} for every foreign-key value of ``entries``: one
    query per related model."""
    wanted = defaultdict(set)
    for entry in entries:
        if entry.action != LogEntry.Action.UPDATE:  # creations and deletions: one headline
            continue
        model = entry.content_type.model_class() if entry.content_type_id else None
        for name, values in _changes(entry).items():
            field_obj = _field(model, name)
            if not isinstance(field_obj, models.ForeignKey | models.OneToOneField):
                continue
            if not isinstance(values, list | tuple):
                continue
            for value in values:
                if not _is_empty(value):
                    wanted[field_obj.related_model].add(str(value))
    names = {}
    for related, raw in wanted.items():
        keys = []
        for value in raw:
            # A value of another shape (an old row) names nothing: it is shown as stored.
            with suppress(ValidationError, TypeError, ValueError):
                keys.append(related._meta.pk.to_python(value))
        objects = related._base_manager.filter(pk__in=keys).order_by()
        joins = _required_relations(related)
        if joins:
            objects = objects.select_related(*joins)
        for obj in objects:
            names[(related, str(obj.pk))] = str(obj)
    return names


def _author(entry) -> str:
    if entry.actor_id and entry.actor is not None:
        return entry.actor.full_name or entry.actor.email
    return _("Le système")


def _sentences(entry, author: str, names: dict) -> list[str]:
    model = entry.content_type.model_class() if entry.content_type_id else None
    thing = _model_noun(entry.content_type)
    repr_ = _shorten(entry.object_repr)
    if entry.action == LogEntry.Action.CREATE:
        return [_("%(who)s a créé %(thing)s « %(repr)s ».") % {"who": author, "thing": thing, "repr": repr_}]  # fmt: skip
    if entry.action == LogEntry.Action.DELETE:
        return [_("%(who)s a supprimé %(thing)s « %(repr)s ».") % {"who": author, "thing": thing, "repr": repr_}]  # fmt: skip
    if entry.action == LogEntry.Action.ACCESS:
        return [_("%(who)s a consulté %(thing)s « %(repr)s ».") % {"who": author, "thing": thing, "repr": repr_}]  # fmt: skip
    sentences = []
    for name, values in _changes(entry).items():
        if not isinstance(values, list | tuple) or len(values) != 2:
            continue
        before, after = (None if _is_empty(v) else str(v) for v in values)
        if before is None and after is None:
            continue
        field_obj = _field(model, name)
        label = with_article(field_obj.verbose_name if field_obj is not None else name)
        if before is None:
            text = _("%(who)s a renseigné %(field)s : %(after)s.")
        elif after is None:
            text = _("%(who)s a effacé %(field)s (ancienne valeur : %(before)s).")
        else:
            text = _("%(who)s a modifié %(field)s : %(before)s → %(after)s.")
        sentences.append(
            text
            % {
                "who": author,
                "field": label,
                "before": _display(field_obj, before, names) if before else "",
                "after": _display(field_obj, after, names) if after else "",
            }
        )
    if not sentences:
        sentences.append(_("%(who)s a modifié %(thing)s « %(repr)s ».") % {"who": author, "thing": thing, "repr": repr_})  # fmt: skip
    return sentences


def describe_entries(entries) -> list[AuditLine]:
    """The entries (with ``actor`` and ``content_type`` selected) told in French. Queries: one
    per model named by a foreign key among the changes, whatever the number of entries."""
    entries = list(entries)
    names = _related_names(entries)
    lines = []
    for entry in entries:
        author = _author(entry)
        model = entry.content_type.model_class() if entry.content_type_id else None
        kind = str(model._meta.verbose_name).capitalize() if model else _("Objet")
        lines.append(
            AuditLine(
                entry=entry,
                author=author,
                object_label=f"{kind} : {_shorten(entry.object_repr)}",
                sentences=_sentences(entry, author, names),
            )
        )
    return lines


def audit_entries_visible_to(user):
    """Support and national read the whole trail; nobody else reads it (for now)."""
    if not can_read_audit_log(user):
        return LogEntry.objects.none()
    return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")


def entity_history(user, entity, limit: int = 20) -> list[AuditLine]:
    """The tronc commun's recent changes (SIRET changes, ENT → OF…) told in French, for the caisse
    and the national roles, and the entity's manager. Others get an empty list."""
    from forprev.entities.rules import is_instructor_of, is_manager_of

    allowed = (
        can_read_audit_log(user) or is_instructor_of(user, entity) or is_manager_of(user, entity)
    )
    if not allowed:
        return []
    entries = (
        LogEntry.objects.get_for_object(entity)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    return describe_entries(entries[:limit])
