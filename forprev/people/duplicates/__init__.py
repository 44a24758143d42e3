"""Duplicate detection of people: see ``engine`` (the entry point) and the modules it uses —
``normalise``, ``table``, ``keys`` (blocking), ``scoring``, ``clusters`` — plus ``synthetic``
and ``bench`` (the evaluation set and its benchmark)."""
