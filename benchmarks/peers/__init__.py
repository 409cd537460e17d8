"""Peers that solve the same compiled space as the engine: naive CP-SAT, clingo, python-constraint."""
