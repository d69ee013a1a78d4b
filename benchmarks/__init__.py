"""Benchmarks for quoteattr: the PolNeAR scorer (scoring.py) and its command (polnear.py)."""
