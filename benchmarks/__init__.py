"""Benchmarks, run by hand (not in CI): they print figures for the README's Performance section."""
