"""API keys: who may write. Keys are made, listed, revoked and checked here; no HTTP in sight."""
