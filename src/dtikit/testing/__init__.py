"""dtikit's testing kit: Hypothesis strategies and a golden-table checker, for the
core's tests and for every province plugin's."""
