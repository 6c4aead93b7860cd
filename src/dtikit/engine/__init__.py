"""The scoring engine: a whole cohort scored column-wise in exact fixed-point integers.

:func:`dtikit.score` runs it; nothing else should need to. The pieces:

* ``score`` — the entry: :func:`~dtikit.engine.score.score` (``dtikit.score``)
  and :func:`~dtikit.engine.score.finding_counts`;
* ``plan`` — a rubric compiled once: node arrays and one kernel per leaf
  (:class:`~dtikit.engine.plan.Decline` for a rubric it cannot score exactly);
* ``columns`` — a cohort's answers held by leaf, as the column-wise reader of
  a collection workbook produces them (:class:`~dtikit.engine.columns.Cohort`);
* ``core`` — the :class:`~dtikit.engine.core.Engine` and the
  :class:`~dtikit.engine.core.ScoredCohort` it returns: a tuple of scorecards
  whose nodes, traces and findings are built when read;
* ``lazy`` — a sequence whose items are built when first read (what a Cohort
  and the ranking's rows share).

``tests/oracle.py`` is the unit-by-unit ``Decimal`` definition the property
tests hold the engine equal to. Nothing is imported here, so that
``import dtikit`` does not load numpy.
"""
