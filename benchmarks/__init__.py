"""dtikit's performance harness (issue 6): ``python -m benchmarks`` (or ``make bench``).

Not part of ``make test``; ``tests/test_benchmarks_smoke.py`` runs it on a
tiny cohort to keep it working, without asserting any timing.
"""
