"""Writes on applications and habilitations, one function per action, split by sub-domain:
``requests`` (the entity's dossier), ``review`` (the caisse), ``decision`` (the national
committee), ``extensions`` and ``reminders``."""
