"""Ownership and control analytics, as pure functions returning typed results, and their report.

stake (Stake, Claim, Link, Assumption) → index (the graph read once per date) → lookthrough (integrated
stakes, the solvers) → paths (lazy chains, counts) → holders (owners, holdings) → control (blocs) →
results / control_result (typed results) → wording / report (the only sentences: JSON strings, CLI text).
engine.Ownership is the facade; loops and derived are used by control and by ``kg build``.
"""
