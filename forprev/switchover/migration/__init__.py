"""The migration of a Forprev 1 export into Forprev 2 (``manage.py switchover_migrate``).

One module per phase, in dependency order (``run.PHASES``); ``plan`` reads ahead what the phases
need to know before they start; ``context`` holds the run's tallies, maps and writes;
``reasons`` names every outcome and correction; ``report`` checks and renders the reconciliation.
"""
