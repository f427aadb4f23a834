"""Backup and restore: every table as JSON lines, portable between SQLite and PostgreSQL."""
