"""Analyses built on `orbitalcompute.pipeline.evaluate` that return plain data
(dicts and NumPy arrays) for the command line, scripts and the documentation to
format: `orbitalcompute.analysis.report` (the break-even report's numbers,
tornado, Monte Carlo and design grid)."""
