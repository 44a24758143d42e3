"""The conformity check before the switch (capability 10): every rule of the seed as a named
check, run on a Forprev 1 export; the managers' to-do lists and the readiness dashboard read
its results. Entry points: ``conformity_check``, ``conformity_runs_prune``."""

from .service import conformity_check, conformity_runs_prune

__all__ = ["conformity_check", "conformity_runs_prune"]
