"""The server benchmark: Papergraph on SQLite and PostgreSQL, PostGraphile and a SQL floor.

``python -m bench.run_servers`` drives it; each module here does one part of the run.
"""
