"""The team server: PostgreSQL (rows, versions, roles enforced by grants and row-level
security) and a content-addressed blob store, behind a small HTTP API (app.py)."""
