"""Metric families: pure functions from a priced cube to a small DataFrame."""
