"""dtikit's testing kit: Hypothesis strategies and a golden-table checker, for the
core's tests and for every province plugin's.

* :mod:`dtikit.testing.strategies` — random valid rubrics, answers, assessments
  and cohorts (needs Hypothesis: ``pip install 'dtikit[testing]'``);
* :mod:`dtikit.testing.spec` — what a valid answer is, once, for the strategies
  and for seeded generators (``RandomChooser``; no Hypothesis needed);
* :mod:`dtikit.testing.golden` — :func:`~dtikit.testing.golden.assert_table_reproduced`,
  a published results table recomputed against a rubric;
* :mod:`dtikit.testing.pytest_plugin` — fixtures, loaded by pytest on its own
  (``dtikit_host``, ``dtikit_rubric``, ``assert_table_reproduced``).

The submodules are imported on demand, so importing ``dtikit.testing`` needs
neither Hypothesis nor pytest.
"""
